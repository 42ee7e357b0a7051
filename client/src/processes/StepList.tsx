/**
 * The steps as a list grouped by pool and lane: the view for models without diagram
 * interchange, and an alternative to the diagram for keyboard and screen-reader users.
 */
import { useTranslation } from 'react-i18next';
import type { Process, StepCoverage } from '@stafette/api';
import { CoverageBadge } from './badge.tsx';
import { coverageLevel } from './coverage.ts';
import type { StepLabels } from './labels.ts';
import { groupByLane, laneLabel } from './model.ts';

interface Props {
  process: Process;
  coverage: Map<string, StepCoverage>;
  selectedId: string | null;
  labels: StepLabels;
  onSelect(elementId: string): void;
}

export function StepList({ process, coverage, selectedId, labels, onSelect }: Props) {
  const { t } = useTranslation();
  const byId = new Map(process.steps.map((step) => [step.elementId, step]));
  return (
    <div className="step-list">
      {groupByLane(process.steps).map((group) => {
        const heading = laneLabel(process, group.poolId, group.laneId, labels.language) ?? t('processes.noLane');
        return (
          <section key={`${group.poolId}/${group.laneId}`} className="step-group" aria-label={heading}>
            <h3 className="step-group-title">{heading}</h3>
            <ul>
              {group.steps.map((step) => {
                const entry = coverage.get(step.elementId);
                const level = coverageLevel(entry);
                const count = entry?.pageCount ?? 0;
                const parent = step.parentId ? byId.get(step.parentId) : undefined;
                return (
                  <li key={step.elementId}>
                    <button
                      type="button"
                      className={`step-row${step.elementId === selectedId ? ' is-selected' : ''}`}
                      aria-pressed={step.elementId === selectedId}
                      data-step={step.elementId}
                      onClick={() => onSelect(step.elementId)}
                    >
                      <span className="step-row-name">{labels.step(step)}</span>
                      <span className="step-row-meta">
                        {labels.kind(step.kind)}
                        {parent ? ` · ${labels.step(parent)}` : ''}
                      </span>
                      <CoverageBadge level={level} count={count} />
                      <span className="visually-hidden">
                        {labels.pages(count)}, {labels.coverage(level)}
                      </span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
