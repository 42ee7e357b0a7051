/**
 * Risk per step of one process, for colouring the process view: `useStepRisk(processId)` loads
 * `GET /knowledge-risk?processId=` and gives a map elementId → {score, level, reasons}; mark a
 * bpmn-js shape with `canvas.addMarker(elementId, riskMarker(level))` and knowledge.css colours
 * it (`.djs-element.risk-high .djs-visual > :first-child` etc.). Steps missing from the map are
 * events and gateways, which carry no risk.
 */
import { useMemo } from 'react';
import type { RiskLevel, RiskStep } from '@stafette/api';
import { useAsync } from '../ui/use-async.ts';
import { knowledgeApi } from './api.ts';
import './knowledge.css';

export type StepRisk = Pick<RiskStep, 'score' | 'level' | 'reasons'>;

export function useStepRisk(processId: string | null, enabled = true): Map<string, StepRisk> | null {
  const state = useAsync(() => (processId && enabled ? knowledgeApi.risk({ processId }) : Promise.resolve(null)), [processId, enabled]);
  return useMemo(() => {
    if (state.status !== 'done' || !state.value) return null;
    return new Map(state.value.steps.map((s) => [s.elementId, { score: s.score, level: s.level, reasons: s.reasons }]));
  }, [state]);
}

/** The bpmn-js marker class for a risk level. */
export function riskMarker(level: RiskLevel): string {
  return `risk-${level}`;
}

export const RISK_MARKERS = ['risk-high', 'risk-medium', 'risk-low'] as const;
