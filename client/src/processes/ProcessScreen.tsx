/**
 * A process: its diagram (or the list of its steps), coverage badges and legend, the side panel
 * of the selected step, orphaned steps, and for the space's owners the modeler. The selected
 * step lives in the address (/processes/:id/steps/:elementId), so links to steps open here.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { Process, Space, Step, StepCoverage, VersionResult } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { Breadcrumbs } from '../ui/Breadcrumbs.tsx';
import { ScreenPending } from '../ui/Loaded.tsx';
import { SegmentedControl } from '../ui/SegmentedControl.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useActiveSpace } from '../workspace/workspace.tsx';
import { useScreenSize } from '../layout/use-screen-size.ts';
import { processesApi } from './api.ts';
import { CoverageBadge } from './badge.tsx';
import { coverageLevel } from './coverage.ts';
import { CoverageLegend } from './CoverageLegend.tsx';
import { DiagramView, type DiagramHandle, type DiagramUnavailable } from './DiagramView.tsx';
import { riskMarker, useStepRisk } from '../knowledge/use-step-risk.ts';
import { useStepLabels } from './labels.ts';
import { groupByLane } from './model.ts';
import { ImportWarnings, ProcessExports, ProcessSettings } from './ProcessDetails.tsx';
import { KeepOffline } from '../offline/KeepOffline.tsx';
import { ProcessModeler } from './ProcessModeler.tsx';
import { processPath } from './paths.ts';
import { StepList } from './StepList.tsx';
import { StepPanel } from './StepPanel.tsx';
import { ProcessSearch } from '../search/ProcessSearch.tsx';
import { PublishToggle } from '../publishing/PublishToggle.tsx';
import './processes.css';

export function ProcessScreen() {
  const { processId = '' } = useParams();
  const loaded = useAsync(async () => {
    const process = await processesApi.get(processId);
    const [space, xml] = await Promise.all([spacesApi.get(process.spaceId), processesApi.bpmn(processId)]);
    return { process, space, xml };
  }, [processId]);
  useActiveSpace(loaded.status === 'done' ? loaded.value.process.spaceId : null);

  if (loaded.status !== 'done') return <ScreenPending state={loaded} />;
  const { process, space, xml } = loaded.value;
  return (
    <ProcessView
      key={process.id}
      process={process}
      xml={xml}
      spaceName={space.name}
      keptSpace={space}
      canAttach={space.permissions.canCreatePages && !process.archivedAt}
      canModel={space.permissions.canManage && !process.archivedAt}
      onReload={loaded.reload}
    />
  );
}

interface ViewProps {
  process: Process;
  xml: string;
  spaceName: string;
  /** The space "Offline verfügbar machen" stores along with this process. */
  keptSpace: Pick<Space, 'id' | 'name' | 'classification'>;
  canAttach: boolean;
  canModel: boolean;
  onReload(): void;
}

function ProcessView({ process, xml, spaceName, keptSpace, canAttach, canModel, onReload }: ViewProps) {
  const { t } = useTranslation();
  const labels = useStepLabels();
  const navigate = useNavigate();
  const { elementId: pathStep } = useParams();
  const [search] = useSearchParams();
  const selectedId = pathStep ?? search.get('step');
  const coverage = useAsync(() => processesApi.coverage(process.id), [process.id, process.version]);
  // Knowledge-at-risk colouring (client/src/knowledge), loaded only while switched on.
  const [showRisk, setShowRisk] = useState(false);
  const stepRisk = useStepRisk(process.id, showRisk);
  const riskMarkers = useMemo(() => (stepRisk ? new Map([...stepRisk].map(([id, risk]) => [id, riskMarker(risk.level)])) : undefined), [stepRisk]);
  // Steps with pages matching the process search (client/src/search); they win over risk colours.
  const [searchMarkers, setSearchMarkers] = useState<Map<string, string> | undefined>(undefined);
  // Phones (issue 26): the list of steps comes first, the diagram is one tap away; a step's panel is a bottom sheet.
  const phone = useScreenSize() === 'phone';
  const [view, setView] = useState<'diagram' | 'list'>(phone ? 'list' : 'diagram');
  // What had focus when the bottom sheet opened: it gets focus back when the sheet closes.
  const sheetOpener = useRef<HTMLElement | SVGElement | null>(null);
  const [unavailable, setUnavailable] = useState<DiagramUnavailable | null>(null);
  const [modeling, setModeling] = useState(false);
  const [saved, setSaved] = useState<VersionResult | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [diagramOrder, setDiagramOrder] = useState<Step[] | null>(null);
  const diagramRef = useRef<DiagramHandle>(null);
  const panelHeadingRef = useRef<HTMLHeadingElement>(null);
  const focusPanel = useRef<string | null>(null);

  useDocumentTitle(process.name);

  const coverageById = useMemo(
    () => new Map<string, StepCoverage>(coverage.status === 'done' ? coverage.value.steps.map((entry) => [entry.elementId, entry]) : []),
    [coverage],
  );
  const current = selectedId ? process.steps.find((step) => step.elementId === selectedId) : undefined;
  const orphan = selectedId && !current ? process.orphanedSteps.find((step) => step.elementId === selectedId) : undefined;
  const panelStep = current ?? (orphan ? { ...orphan, orphaned: true as const } : undefined);
  const showDiagram = view === 'diagram' && unavailable === null;
  // Positions are announced in the order the user walks: the diagram's reading order, or the list's.
  const navOrder = useMemo(
    () => (showDiagram && diagramOrder ? diagramOrder : groupByLane(process.steps).flatMap((group) => group.steps)),
    [showDiagram, diagramOrder, process.steps],
  );

  useEffect(() => {
    if (!panelStep || focusPanel.current !== panelStep.elementId) return;
    focusPanel.current = null;
    panelHeadingRef.current?.focus();
  }, [panelStep?.elementId]);

  const select = useCallback(
    (elementId: string | null, options: { open: boolean } = { open: false }) => {
      navigate(elementId ? processPath(process.id, elementId) : processPath(process.id), { replace: true });
      if (elementId) {
        const step = process.steps.find((candidate) => candidate.elementId === elementId);
        const count = coverageById.get(elementId)?.pageCount ?? 0;
        const position = navOrder.findIndex((candidate) => candidate.elementId === elementId) + 1;
        if (step && position > 0) setAnnouncement(t('processes.selected', { position, total: navOrder.length, name: labels.step(step), kind: labels.kind(step.kind), pages: labels.pages(count) }));
      }
      if (options.open && elementId) {
        const active = document.activeElement;
        if (active instanceof HTMLElement || active instanceof SVGElement) {
          if (!active.closest('[data-step-panel]')) sheetOpener.current = active;
        }
        // Focus moves once the panel of this step is rendered (at the next frame, if it already is).
        focusPanel.current = elementId;
        requestAnimationFrame(() => {
          if (focusPanel.current === elementId && document.querySelector(`[data-step-panel="${CSS.escape(elementId)}"]`)) {
            focusPanel.current = null;
            panelHeadingRef.current?.focus();
          }
        });
      }
    },
    [navigate, process, coverageById, labels, t, navOrder],
  );

  const closePanel = () => {
    select(null);
    const opener = sheetOpener.current;
    sheetOpener.current = null;
    if (phone && opener?.isConnected) opener.focus();
    else if (showDiagram) diagramRef.current?.focus();
  };

  if (modeling) {
    return (
      <ProcessModeler
        xml={xml}
        processName={process.name}
        save={(modelXml) => processesApi.addVersion(process.id, modelXml, `${process.name}.bpmn`)}
        onSaved={(result) => {
          setSaved(result as VersionResult);
          setModeling(false);
          onReload();
        }}
        onCancel={() => setModeling(false)}
      />
    );
  }

  const covered = coverage.status === 'done' ? coverage.value.coveredCount : null;

  return (
    <div className="process-screen">
      <header className="process-header">
        <Breadcrumbs label={t('processes.breadcrumbs')} trail={[{ to: `/spaces/${process.spaceId}`, label: spaceName }]} current={process.name} />
        <div className="process-title-row">
          <div>
            <h1 className="process-title">{process.name}</h1>
            <p className="process-meta">
              <span data-process-version={process.version}>{t('processes.version', { version: process.version })}</span>
              {covered !== null && <span> · {t('processes.coverageSummary', { covered, total: process.steps.length })}</span>}
            </p>
          </div>
          <div className="process-actions">
            {unavailable === null && (
              <SegmentedControl
                label={t('processes.viewLabel')}
                options={
                  phone
                    ? [
                        { value: 'list', label: t('processes.viewList') },
                        { value: 'diagram', label: t('processes.viewDiagram') },
                      ]
                    : [
                        { value: 'diagram', label: t('processes.viewDiagram') },
                        { value: 'list', label: t('processes.viewList') },
                      ]
                }
                value={view}
                onChange={setView}
              />
            )}
            {showDiagram && (
              <label className="risk-toggle">
                <input type="checkbox" checked={showRisk} onChange={(event) => setShowRisk(event.target.checked)} /> {t('knowledge.colourByRisk')}
              </label>
            )}
            {canModel && (
              <button type="button" className="button button-secondary" onClick={() => setModeling(true)}>
                {t('processes.edit')}
              </button>
            )}
          </div>
        </div>
      </header>
      <PublishToggle target="processes" id={process.id} canManage={canModel} />
      {process.archivedAt && <p className="banner banner-info process-banner">{t('processes.archived')}</p>}
      {saved && (
        <p className="banner banner-info process-banner" role="status">
          {saved.orphaned.length > 0 ? t('processes.savedWithOrphans', { version: saved.version, count: saved.orphaned.length }) : t('processes.saved', { version: saved.version })}
        </p>
      )}
      {unavailable && <p className="banner banner-info process-banner">{t(unavailable === 'no-diagram' ? 'processes.noDiagram' : 'processes.diagramFailed')}</p>}
      {selectedId && !panelStep && <p className="banner banner-warn process-banner">{t('processes.stepNotFound', { id: selectedId })}</p>}
      <div className="process-body">
        <div className="process-main">
          <ProcessSearch
            processId={process.id}
            steps={navOrder}
            stepName={(id) => {
              const step = process.steps.find((s) => s.elementId === id);
              return step ? labels.step(step) : id;
            }}
            selectedStepId={current?.elementId ?? null}
            onMarkers={setSearchMarkers}
            onSelectStep={(id) => select(id)}
          />
          {showDiagram ? (
            <DiagramView
              ref={diagramRef}
              xml={xml}
              name={process.name}
              steps={process.steps}
              coverage={coverageById}
              selectedId={current?.elementId ?? null}
              labels={labels}
              onSelect={select}
              onUnavailable={setUnavailable}
              onOrder={setDiagramOrder}
              openOnTap={phone}
              markers={searchMarkers ?? (showRisk ? riskMarkers : undefined)}
            />
          ) : (
            <StepList process={process} coverage={coverageById} selectedId={current?.elementId ?? null} labels={labels} onSelect={(id) => select(id, { open: true })} />
          )}
          <div className="process-footer">
            <CoverageLegend labels={labels} />
            <ImportWarnings warnings={process.warnings} />
            <ProcessExports process={process} />
            <KeepOffline space={keptSpace} forProcess />
            {canModel && <ProcessSettings process={process} onSaved={onReload} />}
            {process.orphanedSteps.length > 0 && (
              <section className="orphans" aria-labelledby="orphans-title">
                <h2 id="orphans-title">{t('processes.orphans')}</h2>
                <p className="muted">{t('processes.orphansHint')}</p>
                <ul>
                  {process.orphanedSteps.map((step) => (
                    <li key={step.elementId}>
                      <button type="button" className="step-row" aria-pressed={step.elementId === selectedId} onClick={() => select(step.elementId, { open: true })}>
                        <span className="step-row-name">{labels.step(step)}</span>
                        <span className="step-row-meta">{t('processes.orphanRemoved', { version: step.removedInVersion })}</span>
                        <CoverageBadge level={coverageLevel({ pageCount: step.pageCount, lastEditedAt: null })} count={step.pageCount} />
                        <span className="visually-hidden">{labels.pages(step.pageCount)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </div>
        </div>
        {panelStep && (
          <StepPanel
            ref={panelHeadingRef}
            key={panelStep.elementId}
            process={process}
            step={panelStep}
            canAttach={canAttach}
            labels={labels}
            onClose={closePanel}
            sheet={phone}
            onChanged={() => {
              coverage.reload();
              if (orphan) onReload();
            }}
          />
        )}
      </div>
      <p className="visually-hidden" aria-live="polite" data-testid="step-announcement">
        {announcement}
      </p>
    </div>
  );
}
