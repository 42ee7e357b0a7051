/**
 * Search inside one process (mounted in the process view): finds pages attached to its steps,
 * lights up the matching steps in the diagram (through `onMarkers`, a bpmn-js marker per step),
 * lists the hits grouped by step; choosing a step (in the list or in the diagram) narrows the
 * hits to it, choosing a hit opens the page.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SearchHit } from '@stafette/api';
import { SEARCH_QUERY_MAX_LENGTH } from '@stafette/api/limits';
import { Snippet } from './Snippet.tsx';
import { currentHits, MIN_QUERY, useSearch } from './use-search.ts';
import './search.css';

/** The bpmn-js marker class of a step with matching pages (search.css colours it). */
export const SEARCH_HIT_MARKER = 'search-hit';

interface StepLike {
  elementId: string;
}

interface Props {
  processId: string;
  /** The process's steps in display order (groups follow it). */
  steps: StepLike[];
  stepName(elementId: string): string;
  /** The step selected in the view (diagram click, address). */
  selectedStepId: string | null;
  /** Marker classes per element id while a search shows hits; undefined when there is none. */
  onMarkers(markers: Map<string, string> | undefined): void;
  /** A step was chosen from the results: select it in the view too. */
  onSelectStep(elementId: string): void;
}

export function ProcessSearch({ processId, steps, stepName, selectedStepId, onMarkers, onSelectStep }: Props) {
  const { t } = useTranslation();
  const inputId = useId();
  const [q, setQ] = useState('');
  const [stepFilter, setStepFilter] = useState<string | null>(null);
  // Every matching step of the process (lights the diagram), and the hits of the chosen step.
  // Searched from a step (selected in the view): its pages rank first and its group leads.
  const all = useSearch({ q, processId, limit: 50, fromStepId: selectedStepId });
  const filtered = useSearch({ q, processId, stepId: stepFilter, limit: 50 }, { enabled: stepFilter !== null });
  const allHits = currentHits(all);
  const active = q.trim().length >= MIN_QUERY;

  const groups = useMemo(() => stepFirst(groupByStep(allHits, processId, steps), selectedStepId), [allHits, processId, steps, selectedStepId]);
  const matching = useMemo(() => new Set(groups.map((g) => g.elementId)), [groups]);

  useEffect(() => {
    onMarkers(active && matching.size > 0 ? new Map([...matching].map((id) => [id, SEARCH_HIT_MARKER])) : undefined);
  }, [active, matching, onMarkers]);
  useEffect(() => () => onMarkers(undefined), [onMarkers]);

  // Clicking a lit step in the diagram narrows the results to it (a step selected before the
  // search started does not).
  const previousSelection = useRef(selectedStepId);
  useEffect(() => {
    if (previousSelection.current === selectedStepId) return;
    previousSelection.current = selectedStepId;
    if (active && selectedStepId && matching.has(selectedStepId)) setStepFilter(selectedStepId);
  }, [selectedStepId, active, matching]);
  useEffect(() => {
    if (!active) setStepFilter(null);
  }, [active]);

  const shown = stepFilter ? groups.filter((g) => g.elementId === stepFilter).map((g) => ({ ...g, hits: filterHits(currentHits(filtered), g.hits) })) : groups;

  const chooseStep = (elementId: string) => {
    setStepFilter(elementId);
    onSelectStep(elementId);
  };

  return (
    <section className="process-search" aria-label={t('search.processTitle')}>
      <div className="search-box" role="search">
        <label htmlFor={inputId} className="visually-hidden">
          {t('search.processTitle')}
        </label>
        <input
          id={inputId}
          type="search"
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          autoComplete="off"
          spellCheck={false}
          placeholder={t('search.processPlaceholder')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && q) {
              event.preventDefault();
              setQ('');
            }
          }}
        />
      </div>
      {active && (
        <div className="process-search-results" data-testid="process-search-results">
          <p className="search-status" role="status">
            {all.status === 'loading' && allHits.length === 0
              ? t('search.searching')
              : all.status === 'unavailable'
                ? t('search.unavailable')
                : all.status === 'error'
                  ? t('search.failed')
                  : groups.length === 0 && all.status === 'done'
                    ? t('search.processNone', { q: q.trim() })
                    : t('search.processSteps', { count: groups.length })}
          </p>
          {stepFilter && (
            <p className="process-search-filter">
              <span>{t('search.onlyStep', { name: stepName(stepFilter) })}</span>
              <button type="button" className="button button-ghost button-small" onClick={() => setStepFilter(null)}>
                {t('search.allSteps')}
              </button>
            </p>
          )}
          {shown.map((group) => (
            <div key={group.elementId} className="process-search-group" data-step={group.elementId}>
              <h3>
                <button
                  type="button"
                  className="process-search-step"
                  aria-pressed={stepFilter === group.elementId}
                  aria-label={t('search.filterStep', { name: stepName(group.elementId) })}
                  onClick={() => chooseStep(group.elementId)}
                >
                  {stepName(group.elementId)} <span className="facet-count">({group.hits.length})</span>
                </button>
              </h3>
              <ul className="process-search-hits">
                {group.hits.map((hit) => (
                  <li key={hit.pageId}>
                    <Link to={`/pages/${hit.pageId}`}>{hit.title}</Link>
                    <Snippet snippet={hit.snippet} attachment={hit.attachment} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

/** Hits grouped by the steps of this process they are attached to, in the steps' order. */
export function groupByStep(hits: readonly SearchHit[], processId: string, steps: readonly StepLike[]): { elementId: string; hits: SearchHit[] }[] {
  const byStep = new Map<string, SearchHit[]>();
  for (const hit of hits) {
    for (const step of hit.steps) {
      if (step.processId !== processId) continue;
      let list = byStep.get(step.elementId);
      if (!list) byStep.set(step.elementId, (list = []));
      if (!list.includes(hit)) list.push(hit);
    }
  }
  const order = new Map(steps.map((s, i) => [s.elementId, i]));
  return [...byStep]
    .sort(([a], [b]) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER))
    .map(([elementId, list]) => ({ elementId, hits: list }));
}

/** The step's hits from its own (step-filtered, so complete) search, once that has answered. */
function filterHits(stepHits: SearchHit[], fallback: SearchHit[]): SearchHit[] {
  return stepHits.length > 0 ? stepHits : fallback;
}

/** The group of the step searched from comes first; the others keep the process order. */
export function stepFirst<G extends { elementId: string }>(groups: G[], fromStepId: string | null): G[] {
  const at = fromStepId ? groups.findIndex((g) => g.elementId === fromStepId) : -1;
  return at <= 0 ? groups : [groups[at]!, ...groups.slice(0, at), ...groups.slice(at + 1)];
}
