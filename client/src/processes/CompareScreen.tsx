/**
 * Two versions of a process side by side in one diagram: steps added, removed, renamed and
 * moved, marked with a colour and a symbol each (never colour alone), the same as a list, and
 * the pages on removed steps that are flagged for review.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Process, Step, StepChange, StepChangeKind, VersionCompare } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { Breadcrumbs } from '../ui/Breadcrumbs.tsx';
import { errorMessage } from '../ui/errors.ts';
import { FormError } from '../ui/FormError.tsx';
import { ScreenPending } from '../ui/Loaded.tsx';
import { SegmentedControl } from '../ui/SegmentedControl.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useActiveSpace } from '../workspace/workspace.tsx';
import { processesApi } from './api.ts';
import { DiagramView, type DiagramUnavailable } from './DiagramView.tsx';
import { useStepLabels } from './labels.ts';
import { processPath } from './paths.ts';
import './processes.css';

/** A symbol per kind of change: the diagram and the list read without colour. */
export const CHANGE_SYMBOL: Record<StepChangeKind, string> = { added: '+', removed: '−', renamed: '✎', moved: '⇄' };
const KINDS: StepChangeKind[] = ['added', 'removed', 'renamed', 'moved'];
const NO_COVERAGE = new Map<string, never>();

export function CompareScreen() {
  const { processId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const loaded = useAsync(async () => {
    const process = await processesApi.get(processId);
    const [space, versions] = await Promise.all([spacesApi.get(process.spaceId), processesApi.versions(processId)]);
    return { process, space, versions };
  }, [processId]);
  useActiveSpace(loaded.status === 'done' ? loaded.value.process.spaceId : null);
  if (loaded.status !== 'done') return <ScreenPending state={loaded} />;
  const { process, space, versions } = loaded.value;
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const to = Number(search.get('to')) || process.version;
  const from = Number(search.get('from')) || Math.max(1, to - 1);
  return (
    <CompareView
      key={`${from}-${to}`}
      process={process}
      spaceName={space.name}
      canReview={space.permissions.canCreatePages && !process.archivedAt}
      versions={numbers}
      from={from}
      to={to}
      onChoose={(nextFrom, nextTo) => setSearch({ from: String(nextFrom), to: String(nextTo) })}
    />
  );
}

interface ViewProps {
  process: Process;
  spaceName: string;
  canReview: boolean;
  versions: number[];
  from: number;
  to: number;
  onChoose(from: number, to: number): void;
}

function CompareView({ process, spaceName, canReview, versions, from, to, onChoose }: ViewProps) {
  const { t } = useTranslation();
  const labels = useStepLabels();
  useDocumentTitle(t('processes.compareTitle', { name: process.name }));
  const [pickFrom, setPickFrom] = useState(from);
  const [pickTo, setPickTo] = useState(to);
  const [shown, setShown] = useState<'to' | 'from'>('to');
  const [unavailable, setUnavailable] = useState<DiagramUnavailable | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const data = useAsync(async () => {
    const compare = await processesApi.compare(process.id, from, to);
    const [newXml, oldXml] = await Promise.all([processesApi.bpmn(process.id, to), processesApi.bpmn(process.id, from)]);
    return { compare, newXml, oldXml };
  }, [process.id, from, to]);

  const compare: VersionCompare | null = data.status === 'done' ? data.value.compare : null;
  const changeLabel = (change: StepChange) => change.changes.map((kind) => t(`processes.changeKinds.${kind}`)).join(', ');
  const annotations = useMemo(() => {
    const map = new Map<string, { symbol: string; label: string; kind: string }>();
    for (const change of compare?.changes ?? []) {
      const removed = change.changes.includes('removed');
      if ((shown === 'to') === removed) continue;
      map.set(change.elementId, { symbol: change.changes.map((kind) => CHANGE_SYMBOL[kind]).join(''), label: changeLabel(change), kind: change.changes[0] });
    }
    return map;
  }, [compare, shown, t]);
  const markers = useMemo(() => new Map([...annotations].map(([id, note]) => [id, `change-${note.kind}`])), [annotations]);
  // The diagram walks the steps it draws: the current ones plus those of the old version.
  const steps = useMemo(() => [...process.steps, ...(compare?.changes ?? []).filter((c) => c.changes.includes('removed')).map(removedStep)], [process.steps, compare]);

  if (versions.length < 2) {
    return (
      <div className="compare-screen">
        <Breadcrumbs label={t('processes.breadcrumbs')} trail={[{ to: `/spaces/${process.spaceId}`, label: spaceName }, { to: processPath(process.id), label: process.name }]} current={t('processes.compareLink')} />
        <p>{t('processes.onlyOneVersion')}</p>
      </div>
    );
  }

  const count = (kind: StepChangeKind) => compare?.changes.filter((c) => c.changes.includes(kind)).length ?? 0;
  const stepTitle = (change: StepChange) => change.name ?? change.previousName ?? labels.kind(change.kind);

  const markReviewed = async (pageId: string, elementId: string, title: string) => {
    setError(null);
    try {
      await processesApi.markReviewed(process.id, elementId, pageId);
      setStatus(t('processes.reviewedDone', { title }));
      data.reload();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <div className="compare-screen">
      <Breadcrumbs label={t('processes.breadcrumbs')} trail={[{ to: `/spaces/${process.spaceId}`, label: spaceName }, { to: processPath(process.id), label: process.name }]} current={t('processes.compareLink')} />
      <h1>{t('processes.compareTitle', { name: process.name })}</h1>
      <form
        className="compare-pick"
        onSubmit={(event) => {
          event.preventDefault();
          onChoose(pickFrom, pickTo);
        }}
      >
        <label>
          {t('processes.compareFrom')}{' '}
          <select value={pickFrom} onChange={(event) => setPickFrom(Number(event.target.value))}>
            {versions.map((v) => (
              <option key={v} value={v}>
                {t('processes.version', { version: v })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('processes.compareTo')}{' '}
          <select value={pickTo} onChange={(event) => setPickTo(Number(event.target.value))}>
            {versions.map((v) => (
              <option key={v} value={v}>
                {t('processes.version', { version: v })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button button-secondary">
          {t('processes.compareShow')}
        </button>
      </form>
      {data.status !== 'done' ? (
        <ScreenPending state={data} />
      ) : (
        <>
          <p role="status" data-testid="compare-summary">
            {t('processes.compareSummary', { added: count('added'), removed: count('removed'), renamed: count('renamed'), moved: count('moved'), unchanged: compare!.unchangedCount })}
          </p>
          <ul className="compare-legend" aria-label={t('processes.compareLegend')}>
            {KINDS.map((kind) => (
              <li key={kind}>
                <span className={`change-badge change-badge-${kind}`} aria-hidden="true">
                  {CHANGE_SYMBOL[kind]}
                </span>{' '}
                {t(`processes.changeKinds.${kind}`)}
              </li>
            ))}
          </ul>
          <SegmentedControl
            label={t('processes.compareDiagramShows')}
            options={[
              { value: 'to', label: t('processes.compareDiagramTo', { version: to }) },
              { value: 'from', label: t('processes.compareDiagramFrom', { version: from }) },
            ]}
            value={shown}
            onChange={(value) => {
              setUnavailable(null);
              setShown(value);
            }}
          />
          {unavailable === null ? (
            <DiagramView
              key={shown}
              xml={shown === 'to' ? data.value.newXml : data.value.oldXml}
              name={process.name}
              steps={steps}
              coverage={NO_COVERAGE}
              selectedId={null}
              labels={labels}
              onSelect={() => undefined}
              onUnavailable={setUnavailable}
              onOrder={() => undefined}
              markers={markers}
              annotations={annotations}
            />
          ) : (
            <p className="banner banner-info">{t(unavailable === 'no-diagram' ? 'processes.noDiagram' : 'processes.diagramFailed')}</p>
          )}
          <section aria-labelledby="compare-list-title">
            <h2 id="compare-list-title">{t('processes.compareList')}</h2>
            {compare!.changes.length === 0 ? (
              <p>{t('processes.compareNone')}</p>
            ) : (
              <ul className="compare-list" data-testid="compare-list">
                {compare!.changes.map((change) => (
                  <li key={change.elementId} className={`compare-item change-${change.changes[0]}`}>
                    <span className={`change-badge change-badge-${change.changes[0]}`} aria-hidden="true">
                      {change.changes.map((kind) => CHANGE_SYMBOL[kind]).join('')}
                    </span>{' '}
                    <strong>{changeLabel(change)}:</strong>{' '}
                    {change.changes.includes('removed') ? stepTitle(change) : <Link to={processPath(process.id, change.elementId)}>{stepTitle(change)}</Link>}
                    {change.changes.includes('renamed') && <> ({t('processes.changeRenamed', { name: change.previousName ?? '' })})</>}
                    {change.changes.includes('moved') && change.laneName !== change.previousLaneName && (
                      <> ({t('processes.changeMoved', { from: change.previousLaneName ?? t('processes.noLane'), to: change.laneName ?? t('processes.noLane') })})</>
                    )}
                    {change.pageCount > 0 && <span className="muted"> · {t('processes.changePages', { count: change.pageCount })}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="review-flags-title">
            <h2 id="review-flags-title">{t('processes.reviewFlags')}</h2>
            <p className="muted">{t('processes.reviewFlagsHint')}</p>
            <FormError message={error} />
            {compare!.reviewFlags.length === 0 ? (
              <p>{t('processes.reviewFlagsNone')}</p>
            ) : (
              <ul className="review-flags" data-testid="review-flags">
                {compare!.reviewFlags.map((flag) => {
                  const change = compare!.changes.find((c) => c.elementId === flag.elementId);
                  const title = flag.readable ? flag.title : t('processes.reviewFlagHidden');
                  return (
                    <li key={`${flag.pageId}/${flag.elementId}/${flag.version}`}>
                      {flag.readable ? <Link to={`/pages/${flag.pageId}`}>{title}</Link> : title}{' '}
                      <span className="muted">{t('processes.reviewFlagStep', { step: change ? stepTitle(change) : flag.elementId, version: flag.version })}</span>{' '}
                      {flag.responsible && <span className="muted">· {t('processes.reviewFlagResponsible', { name: flag.responsible.displayName })}</span>}{' '}
                      {flag.resolvedAt ? (
                        <span className="review-flag-done">✓ {t('processes.reviewed')}</span>
                      ) : (
                        canReview && (
                          <button type="button" className="button button-small button-secondary" onClick={() => void markReviewed(flag.pageId, flag.elementId, title)} aria-label={t('processes.markReviewedLabel', { title })}>
                            {t('processes.markReviewed')}
                          </button>
                        )
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
            <p role="status" className="visually-hidden">
              {status}
            </p>
          </section>
        </>
      )}
    </div>
  );
}

/** A removed step, as the old version's diagram needs it (kind and name; the rest is not shown). */
function removedStep(change: StepChange): Step {
  return {
    elementId: change.elementId,
    kind: change.kind,
    name: change.previousName,
    names: {},
    documentation: null,
    lane: change.previousLane,
    parentId: change.previousParentId,
    poolId: null,
    bpmnProcessId: null,
    attachedToId: null,
    eventDefinitions: [],
  };
}
