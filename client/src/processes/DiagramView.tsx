/**
 * The process diagram in the bpmn-js NavigatedViewer: badges with each step's pages and
 * coverage, the selected step highlighted, zoom and fit buttons, and keyboard navigation from
 * step to step in reading order (bpmn-js's own keyboard panning is off; Shift+arrows pan).
 */
import { forwardRef, useEffect, useId, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import type { Step, StepCoverage } from '@stafette/api';
import { createBadgeElement } from './badge.tsx';
import { isStepShape, type Canvas, type DiagramElement, type DiagramHost, type ElementRegistry, type EventBus, type Overlays } from './bpmn-services.ts';
import { coverageLevel } from './coverage.ts';
import type { StepLabels } from './labels.ts';
import { readingOrder } from './model.ts';
import { attachTouchGestures } from './touch-gestures.ts';

export type DiagramUnavailable = 'no-diagram' | 'failed';

export interface DiagramHandle {
  focus(): void;
}

interface Props {
  xml: string;
  name: string;
  steps: Step[];
  coverage: Map<string, StepCoverage>;
  selectedId: string | null;
  labels: StepLabels;
  /** A step was chosen by pointer or keyboard (null: Escape). `open` moves focus into its panel. */
  onSelect(elementId: string | null, options: { open: boolean }): void;
  /** The diagram could not be shown: the model has no DI, or bpmn-js refused it. */
  onUnavailable(reason: DiagramUnavailable): void;
  /** The steps drawn, in the reading order the keyboard walks. */
  onOrder(order: Step[]): void;
  /** Extra bpmn-js marker classes per element id (the knowledge-at-risk colouring). */
  markers?: Map<string, string>;
  /**
   * Badges with a symbol and a label per element id, shown instead of the coverage badges (the
   * version comparison: a symbol per kind of change, so it never reads by colour alone).
   */
  annotations?: Map<string, { symbol: string; label: string; kind: string }>;
  /** A tap or click on a step opens it (phones: its panel is a bottom sheet taking focus). */
  openOnTap?: boolean;
}

const BADGE = 'coverage-badge';
/** The canvas's own svg (badges and the bpmn.io mark hold svgs too). */
const canvasSvg = (container: HTMLElement) => container.querySelector<SVGSVGElement>('.djs-container > svg');
const SELECTED = 'step-selected';
const PAN = 80;

export const DiagramView = forwardRef<DiagramHandle, Props>(function DiagramView({ xml, name, steps, coverage, selectedId, labels, onSelect, onUnavailable, onOrder, markers, annotations, openOnTap = false }, ref) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const viewerRef = useRef<DiagramHost | null>(null);
  const helpId = useId();
  // The drawn steps, tied to the viewer that drew them: a new XML makes a new viewer, and
  // effects must not touch it with the old one's elements before its import finished.
  const [drawn, setDrawn] = useState<{ viewer: DiagramHost; order: Step[] } | null>(null);
  const order = drawn && drawn.viewer === viewerRef.current ? drawn.order : null;
  // Handlers registered with bpmn-js once read the latest props through refs.
  const latest = useRef({ steps, onSelect, onUnavailable, onOrder, openOnTap });
  latest.current = { steps, onSelect, onUnavailable, onOrder, openOnTap };

  const service = <T,>(name: string) => viewerRef.current!.get<T>(name);

  useImperativeHandle(ref, () => ({ focus: () => viewerRef.current?.get<Canvas>('canvas').focus() }), []);

  useEffect(() => {
    const container = containerRef.current!;
    const viewer = new NavigatedViewer({ container, keyboard: { bind: false } }) as unknown as DiagramHost;
    viewerRef.current = viewer;
    let cancelled = false;
    setDrawn(null);

    const onClick = ({ element }: { element: DiagramElement }) => {
      const id = (element.labelTarget ?? element).businessObject?.id;
      if (id && latest.current.steps.some((step) => step.elementId === id)) latest.current.onSelect(id, { open: latest.current.openOnTap });
    };
    viewer.get<EventBus>('eventBus').on('element.click', onClick);
    const detachTouch = attachTouchGestures(container, () => (viewerRef.current === viewer ? viewer.get<Canvas>('canvas') : null));

    viewer.importXML(xml).then(
      () => {
        if (cancelled) return;
        const registry = viewer.get<ElementRegistry>('elementRegistry');
        const canvas = viewer.get<Canvas>('canvas');
        const shown = latest.current.steps.filter((step) => isStepShape(registry.get(step.elementId), step.elementId));
        if (shown.length === 0 && latest.current.steps.length > 0) {
          latest.current.onUnavailable('no-diagram');
          return;
        }
        canvasSvg(container)?.setAttribute('role', 'application');
        canvas.zoom('fit-viewport', 'auto');
        const ordered = readingOrder(shown, (id) => registry.get(id) as { x: number; y: number; width: number; height: number });
        setDrawn({ viewer, order: ordered });
        latest.current.onOrder(ordered);
      },
      (error: Error) => {
        if (cancelled) return;
        // bpmn-js refuses definitions without any BPMNDiagram with this message.
        latest.current.onUnavailable(/no diagram to display/i.test(error.message) ? 'no-diagram' : 'failed');
      },
    );
    return () => {
      cancelled = true;
      detachTouch();
      viewer.destroy();
      viewerRef.current = null;
    };
  }, [xml]);

  // The svg is the focus target bpmn-js creates; name it and point at the key help.
  useEffect(() => {
    const svg = containerRef.current && canvasSvg(containerRef.current);
    if (!order || !svg) return;
    svg.setAttribute('aria-label', t('processes.diagramLabel', { name }));
    svg.setAttribute('aria-describedby', helpId);
  }, [order, name, t, helpId]);

  useEffect(() => {
    // Checked here, not at render: the import effect may just have replaced the viewer.
    if (!drawn || drawn.viewer !== viewerRef.current) return;
    const overlays = drawn.viewer.get<Overlays>('overlays');
    overlays.remove({ type: BADGE });
    if (annotations) {
      for (const step of drawn.order) {
        const note = annotations.get(step.elementId);
        if (!note) continue;
        const badge = document.createElement('span');
        badge.className = `change-badge change-badge-${note.kind}`;
        badge.dataset.changeBadge = step.elementId;
        badge.title = note.label;
        badge.setAttribute('aria-hidden', 'true');
        badge.textContent = note.symbol;
        overlays.add(step.elementId, BADGE, { position: { top: -11, right: 16 }, html: badge });
      }
      return;
    }
    for (const step of drawn.order) {
      const entry = coverage.get(step.elementId);
      const level = coverageLevel(entry);
      const count = entry?.pageCount ?? 0;
      const badge = createBadgeElement(step.elementId, level, count, t('processes.badge', { pages: labels.pages(count), coverage: labels.coverage(level) }));
      overlays.add(step.elementId, BADGE, { position: { top: -11, right: 16 }, html: badge });
    }
  }, [drawn, coverage, labels, t, annotations]);

  useEffect(() => {
    if (!drawn || drawn.viewer !== viewerRef.current || !markers) return;
    const viewer = drawn.viewer;
    const canvas = viewer.get<Canvas>('canvas');
    const marked = [...markers].filter(([id]) => viewer.get<ElementRegistry>('elementRegistry').get(id));
    for (const [id, marker] of marked) canvas.addMarker(id, marker);
    return () => {
      if (viewerRef.current === viewer) for (const [id, marker] of marked) canvas.removeMarker(id, marker);
    };
  }, [drawn, markers]);

  useEffect(() => {
    if (!drawn || drawn.viewer !== viewerRef.current || !selectedId) return;
    const viewer = drawn.viewer;
    const canvas = viewer.get<Canvas>('canvas');
    const element = viewer.get<ElementRegistry>('elementRegistry').get(selectedId);
    if (!element) return;
    // Steps inside collapsed sub-processes live on their own plane: show that plane.
    const root = canvas.findRoot(element);
    if (root && root !== canvas.getRootElement()) canvas.setRootElement(root);
    canvas.addMarker(element, SELECTED);
    canvas.scrollToElement(element, 60);
    return () => {
      if (viewerRef.current === viewer) canvas.removeMarker(element, SELECTED);
    };
  }, [drawn, selectedId]);

  const zoom = (factor: number | 'fit') => {
    if (!viewerRef.current) return;
    const canvas = service<Canvas>('canvas');
    if (factor === 'fit') canvas.zoom('fit-viewport', 'auto');
    else canvas.zoom(Math.min(4, Math.max(0.2, canvas.zoom() * factor)), 'auto');
  };

  // The step the keyboard is on: ahead of `selectedId` while a quick series of keys waits for
  // the address to update, so End then Enter opens the last step, not the previous one.
  const cursor = useRef<string | null>(selectedId);
  useEffect(() => {
    cursor.current = selectedId;
  }, [selectedId]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!order || order.length === 0 || !(event.target instanceof SVGElement)) return;
    const current = cursor.current;
    const index = order.findIndex((step) => step.elementId === current);
    const go = (next: number) => {
      event.preventDefault();
      cursor.current = order[(next + order.length) % order.length]!.elementId;
      onSelect(cursor.current, { open: false });
    };
    if (event.shiftKey && event.key.startsWith('Arrow')) {
      event.preventDefault();
      const d = { ArrowLeft: [PAN, 0], ArrowRight: [-PAN, 0], ArrowUp: [0, PAN], ArrowDown: [0, -PAN] }[event.key] ?? [0, 0];
      service<Canvas>('canvas').scroll({ dx: d[0]!, dy: d[1]! });
      return;
    }
    switch (event.key) {
      case 'ArrowRight':
      case 'ArrowDown':
        return go(index < 0 ? 0 : index + 1);
      case 'ArrowLeft':
      case 'ArrowUp':
        return go(index < 0 ? order.length - 1 : index - 1);
      case 'Home':
        return go(0);
      case 'End':
        return go(order.length - 1);
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (current) onSelect(current, { open: true });
        else go(0);
        return;
      case 'Escape':
        if (current) {
          event.preventDefault();
          cursor.current = null;
          onSelect(null, { open: false });
        }
        return;
      case '+':
      case '=':
        event.preventDefault();
        return zoom(1.25);
      case '-':
        event.preventDefault();
        return zoom(0.8);
      case '0':
        event.preventDefault();
        return zoom('fit');
    }
  };

  return (
    <div className="diagram" onKeyDown={onKeyDown}>
      <div ref={containerRef} className="diagram-canvas" data-ready={order !== null} />
      <p id={helpId} className="visually-hidden">
        {t('processes.diagramHelp')}
      </p>
      <div className="diagram-zoom" role="group" aria-label={t('processes.viewLabel')}>
        <button type="button" className="icon-button" onClick={() => zoom(1.25)} aria-label={t('processes.zoomIn')} title={t('processes.zoomIn')}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
          </svg>
        </button>
        <button type="button" className="icon-button" onClick={() => zoom(0.8)} aria-label={t('processes.zoomOut')} title={t('processes.zoomOut')}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M3 8h10" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
          </svg>
        </button>
        <button type="button" className="icon-button" onClick={() => zoom('fit')} aria-label={t('processes.fit')} title={t('processes.fit')}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </div>
    </div>
  );
});
