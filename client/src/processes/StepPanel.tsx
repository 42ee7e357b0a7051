/**
 * The side panel of one step: what the model says about it (name, type, lane, description),
 * the pages attached to it, and, for editors, attaching an existing page by title or creating a
 * new page that hangs on the step from the start.
 */
import { forwardRef, useEffect, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PAGE_TITLE_MAX_LENGTH } from '@stafette/api/limits';
import type { AttachedPage, OrphanedStep, Process, Step } from '@stafette/api';
import { pagesApi } from '../api/endpoints.ts';
import { useFormat } from '../i18n/format.ts';
import { filterPages, invalidatePageIndex, loadPageIndex, type IndexedPage } from '../pages-index/page-index.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { processesApi } from './api.ts';
import type { StepLabels } from './labels.ts';
import { laneLabel } from './model.ts';
import { FormError } from '../ui/FormError.tsx';
import { StepPeople } from './StepPeople.tsx';
import { ClassificationBadge } from '../classification/ClassificationBadge.tsx';
import { templatesApi } from '../templates/api.ts';

interface Props {
  process: Process;
  /** A current step, or an orphaned one (removed from the model, pages still attached). */
  step: Step | (OrphanedStep & { orphaned: true });
  canAttach: boolean;
  labels: StepLabels;
  onClose(): void;
  /** Pages were attached or detached: coverage needs reloading. */
  onChanged(): void;
  /** Phones: a bottom sheet over the diagram (a non-modal dialog Escape closes) instead of a side column. */
  sheet?: boolean;
}

export const StepPanel = forwardRef<HTMLHeadingElement, Props>(function StepPanel({ process, step, canAttach, labels, onClose, onChanged, sheet = false }, headingRef) {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  // A dialog role is not allowed on <aside>, so the sheet is a <section>.
  const Frame = sheet ? 'section' : 'aside';
  const pages = useAsync(() => processesApi.stepPages(process.id, step.elementId), [process.id, step.elementId]);
  const name = labels.step(step);
  const orphaned = 'orphaned' in step;
  const lane = laneLabel(process, orphaned ? null : step.poolId, step.lane, labels.language);
  const attachedIds = useMemo(() => new Set(pages.status === 'done' ? pages.value.map((page) => page.id) : []), [pages]);

  useEffect(() => {
    setStatus('');
    setError(null);
  }, [step.elementId]);

  const run = async (action: () => Promise<string>) => {
    setError(null);
    try {
      setStatus(await action());
      pages.reload();
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  const detach = (page: AttachedPage) =>
    run(async () => {
      await processesApi.detach(process.id, step.elementId, page.id);
      return t('processes.detached', { title: page.title });
    });

  return (
    <Frame
      className={sheet ? 'step-panel step-sheet' : 'step-panel'}
      role={sheet ? 'dialog' : undefined}
      aria-labelledby="step-panel-title"
      data-step-panel={step.elementId}
      onKeyDown={
        sheet
          ? (event: KeyboardEvent<HTMLElement>) => {
              if (event.key !== 'Escape' || event.defaultPrevented) return;
              event.preventDefault();
              onClose();
            }
          : undefined
      }
    >
      <header className="step-panel-header">
        <h2 id="step-panel-title" ref={headingRef} tabIndex={-1}>
          {name}
        </h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t(sheet ? 'processes.closeSheet' : 'processes.closePanel')} title={t(sheet ? 'processes.closeSheet' : 'processes.closePanel')}>
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      {orphaned && <p className="banner banner-warn">{t('processes.orphanedStep', { version: step.removedInVersion })}</p>}
      <dl className="step-facts">
        <dt>{t('processes.kind')}</dt>
        <dd>{labels.kind(step.kind)}</dd>
        {lane && (
          <>
            <dt>{t('processes.lane')}</dt>
            <dd>{lane}</dd>
          </>
        )}
      </dl>
      {!orphaned && <StepPeople processId={process.id} spaceId={process.spaceId} elementId={step.elementId} canEdit={canAttach} />}
      {!orphaned && (
        <section aria-labelledby="step-doc-title">
          <h3 id="step-doc-title">{t('processes.documentation')}</h3>
          {step.documentation ? <p className="step-documentation">{step.documentation}</p> : <p className="muted">{t('processes.noDocumentation')}</p>}
        </section>
      )}
      <section aria-labelledby="step-pages-title">
        <h3 id="step-pages-title">{t('processes.attachedPages')}</h3>
        <Loaded state={pages} empty={t('processes.noPages')}>
          {(list) => (
            <ul className="attached-pages">
              {list.map((page) => (
                <li key={page.id}>
                  <div className="attached-page-text">
                    <Link to={`/pages/${page.id}`}>{page.title}</Link>
                    <ClassificationBadge level={page.classification} />
                    <span className="page-list-meta">
                      {page.archived ? t('processes.archivedPage') : t('processes.editedWhen', { when: format.relative(page.updatedAt) })}
                    </span>
                  </div>
                  {canAttach && (
                    <button type="button" className="button button-ghost button-small" onClick={() => void detach(page)} aria-label={t('processes.detachLabel', { title: page.title })}>
                      {t('processes.detach')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
      {canAttach ? (
        <>
          <AttachExisting
            key={`attach-${step.elementId}`}
            exclude={attachedIds}
            onAttach={(page) =>
              run(async () => {
                await processesApi.attach(process.id, step.elementId, page.id);
                return t('processes.attached', { title: page.title });
              })
            }
          />
          {!orphaned && <CreatePage key={`create-${step.elementId}`} process={process} elementId={step.elementId} initialTitle={name} lane={lane} run={run} />}
        </>
      ) : (
        <p className="muted">{t('processes.readOnly')}</p>
      )}
      <FormError message={error} />
      <p className="step-panel-status" role="status" aria-live="polite">
        {status}
      </p>
    </Frame>
  );
});

function AttachExisting({ exclude, onAttach }: { exclude: Set<string>; onAttach(page: IndexedPage): Promise<void> }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState<IndexedPage[] | null>(null);

  useEffect(() => {
    if (!query.trim() || index) return;
    let cancelled = false;
    loadPageIndex().then((pages) => !cancelled && setIndex(pages), () => !cancelled && setIndex([]));
    return () => {
      cancelled = true;
    };
  }, [query, index]);

  const matches = query.trim() && index ? filterPages(index.filter((page) => !exclude.has(page.id)), query) : [];
  return (
    <section aria-labelledby="step-attach-title" className="step-attach">
      <h3 id="step-attach-title">{t('processes.attachTitle')}</h3>
      <label className="field">
        <span>{t('processes.attachSearch')}</span>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} autoComplete="off" />
      </label>
      {query.trim() && index && (
        <ul className="attach-results" aria-live="polite">
          {matches.length === 0 && <li className="muted">{t('processes.attachNone')}</li>}
          {matches.map((page) => (
            <li key={page.id}>
              <span className="attach-result-text">
                <span>{page.title}</span>
                <span className="page-list-meta">{page.path}</span>
              </span>
              <button
                type="button"
                className="button button-secondary button-small"
                aria-label={t('processes.attachAction', { title: page.title })}
                onClick={() => void onAttach(page).then(() => setQuery(''))}
              >
                +
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * A new page attached to the step. It starts from the step template (Prozessschritt-Handbuch)
 * with the step's name and lane filled in, unless the user unticks it or the template is gone.
 */
function CreatePage({
  process,
  elementId,
  initialTitle,
  lane,
  run,
}: {
  process: Process;
  elementId: string;
  initialTitle: string;
  lane: string | null;
  run(action: () => Promise<string>): Promise<void>;
}) {
  const { t } = useTranslation();
  const { reloadTree } = useWorkspace();
  const [title, setTitle] = useState(initialTitle);
  const [busy, setBusy] = useState(false);
  const templates = useAsync(() => templatesApi.list(process.spaceId), [process.spaceId]);
  const stepTemplate = templates.status === 'done' ? templates.value.items.find((i) => i.builtinKey === 'prozessschritt-handbuch') : undefined;
  const [useTemplate, setUseTemplate] = useState(true);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const clean = title.trim();
    if (!clean || busy) return;
    setBusy(true);
    await run(async () => {
      const fromTemplate = stepTemplate && useTemplate ? { templateId: stepTemplate.id, fields: { Prozessschritt: initialTitle, ...(lane ? { Zuständig: lane } : {}) } } : {};
      const page = await pagesApi.create({ spaceId: process.spaceId, title: clean, ...fromTemplate });
      await processesApi.attach(process.id, elementId, page.id);
      invalidatePageIndex();
      await reloadTree();
      return t('processes.created', { title: page.title });
    });
    setBusy(false);
  };

  return (
    <form className="step-create" onSubmit={(event) => void submit(event)} aria-labelledby="step-create-title">
      <h3 id="step-create-title">{t('processes.createTitle')}</h3>
      <label className="field">
        <span>{t('processes.createLabel')}</span>
        <input type="text" value={title} maxLength={PAGE_TITLE_MAX_LENGTH} required onChange={(event) => setTitle(event.target.value)} />
      </label>
      {stepTemplate && (
        <div className="field field-check">
          <input id={`step-template-${elementId}`} type="checkbox" checked={useTemplate} onChange={(event) => setUseTemplate(event.target.checked)} />
          <label htmlFor={`step-template-${elementId}`}>{t('templates.stepTemplate', { name: stepTemplate.name })}</label>
        </div>
      )}
      <button type="submit" className="button button-primary" disabled={busy || !title.trim()}>
        {t('processes.createAction')}
      </button>
    </form>
  );
}
