/**
 * The coverage badge on a step: the page count plus an icon per coverage level, so the level
 * reads without colour too. One markup for the diagram overlays (plain DOM, bpmn-js owns that
 * layer), the list view and the legend (React).
 */
import type { CoverageLevel } from './coverage.ts';

/** 16×16 icons: a dashed empty circle (nothing), a page (pages), a clock (stale pages). */
const ICON_PATHS: Record<CoverageLevel, string> = {
  none: '<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-dasharray="2.6 2"/>',
  some: '<path d="M4 2.5h5l3 3v8H4z" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round"/><path d="M6 8.5h4M6 11h4" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/>',
  stale: '<circle cx="8" cy="8" r="5.5" fill="none" stroke="currentColor" stroke-width="1.7"/><path d="M8 5v3.3l2.2 1.4" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>',
};

const svg = (level: CoverageLevel) => `<svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true" focusable="false">${ICON_PATHS[level]}</svg>`;

/** A badge element for a bpmn-js overlay; `label` is its tooltip (the overlay layer is not read out). */
export function createBadgeElement(elementId: string, level: CoverageLevel, count: number, label: string): HTMLElement {
  const badge = document.createElement('span');
  badge.className = `step-badge step-badge-${level}`;
  badge.dataset.stepBadge = elementId;
  badge.dataset.coverage = level;
  badge.title = label;
  badge.setAttribute('aria-hidden', 'true');
  badge.innerHTML = svg(level);
  const number = document.createElement('span');
  number.className = 'step-badge-count';
  number.textContent = String(count);
  badge.append(number);
  return badge;
}

export function CoverageBadge({ level, count }: { level: CoverageLevel; count?: number }) {
  return (
    <span className={`step-badge step-badge-${level}`} data-coverage={level} aria-hidden="true">
      <span dangerouslySetInnerHTML={{ __html: svg(level) }} className="step-badge-icon" />
      {count !== undefined && <span className="step-badge-count">{count}</span>}
    </span>
  );
}
