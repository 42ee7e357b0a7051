/**
 * Importing a wiki export into a space (owners): choose the kind of export and the ZIP
 * archive; the upload shows its progress, then the import runs on the server as a background
 * job whose pages done of the total are shown live, and the summary says what was created,
 * updated, left as it was and what was not imported and why.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { MigrationFormat, MigrationJob, MigrationResult } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { importArchive, importJob } from '../templates/api.ts';
import { FormError } from '../ui/FormError.tsx';
import { errorMessage } from '../ui/errors.ts';
import { ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import '../templates/templates.css';

const FORMAT_LABELS = { markdown: 'templates.formatMarkdown', confluence: 'templates.formatConfluence', bookstack: 'templates.formatBookStack' } as const;

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; percent: number }
  | { kind: 'importing' }
  | { kind: 'running'; job: MigrationJob | null; jobId: string }
  | { kind: 'done'; result: MigrationResult }
  | { kind: 'failed'; message: string };

/** How often the job's progress is asked for. */
const POLL_MS = 700;

export function ImportScreen() {
  const { t } = useTranslation();
  const { spaceId = '' } = useParams();
  const space = useAsync(() => spacesApi.get(spaceId), [spaceId]);
  const { reloadTree } = useWorkspace();
  const [format, setFormat] = useState<MigrationFormat>('markdown');
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  useDocumentTitle(space.status === 'done' ? t('templates.importTitle', { space: space.value.name }) : null);

  const jobId = phase.kind === 'running' ? phase.jobId : null;
  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const job = await importJob(jobId);
        if (stopped) return;
        if (job.status === 'done' && job.result) {
          setPhase({ kind: 'done', result: job.result });
          await reloadTree();
          return;
        }
        if (job.status === 'failed') {
          setPhase({ kind: 'failed', message: t('templates.importFailed', { reason: job.error ?? '' }) });
          await reloadTree();
          return;
        }
        setPhase({ kind: 'running', job, jobId });
      } catch (err) {
        if (!stopped) setPhase({ kind: 'failed', message: t('templates.importFailed', { reason: errorMessage(err, t) }) });
        return;
      }
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, reloadTree, t]);

  if (space.status !== 'done') return <ScreenPending state={space} />;
  const value = space.value;
  const running = phase.kind === 'uploading' || phase.kind === 'importing' || phase.kind === 'running';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || running) return;
    setPhase({ kind: 'uploading', percent: 0 });
    try {
      const started = await importArchive(value.id, format, file, (fraction) => {
        // Once every byte is sent the server checks and reads the archive.
        setPhase(fraction >= 1 ? { kind: 'importing' } : { kind: 'uploading', percent: Math.floor(fraction * 100) });
      });
      setPhase({ kind: 'running', job: null, jobId: started.jobId });
    } catch (err) {
      setPhase({ kind: 'failed', message: t('templates.importFailed', { reason: errorMessage(err, t) }) });
    }
  };

  return (
    <div className="content">
      <p>
        <Link to={`/spaces/${value.id}`}>{t('templates.backToSpace')}</Link>
      </p>
      <h1>{t('templates.importTitle', { space: value.name })}</h1>
      {!value.permissions.canManage ? (
        <p className="banner banner-info">{t('templates.ownersOnly')}</p>
      ) : (
        <>
          <p>{t('templates.importIntro')}</p>
          <form onSubmit={(event) => void submit(event)}>
            <fieldset className="field">
              <legend>{t('templates.importFormat')}</legend>
              {(['markdown', 'confluence', 'bookstack'] as const).map((f) => (
                <label key={f} className="template-option">
                  <input type="radio" name="import-format" value={f} checked={format === f} disabled={running} onChange={() => setFormat(f)} />
                  <span>{t(FORMAT_LABELS[f])}</span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor="import-file">{t('templates.importFile')}</label>
              <input id="import-file" type="file" accept=".zip,application/zip" required disabled={running} onChange={(event) => setFile(event.target.files?.[0] ?? null)} />
            </div>
            <button type="submit" className="button button-primary" disabled={!file || running}>
              {t('templates.importStart')}
            </button>
          </form>
          <div role="status" aria-live="polite">
            {phase.kind === 'uploading' && (
              <p>
                <progress className="import-progress" max={100} value={phase.percent} aria-label={t('templates.uploading', { percent: phase.percent })} /> {t('templates.uploading', { percent: phase.percent })}
              </p>
            )}
            {phase.kind === 'importing' && (
              <p>
                <progress className="import-progress" aria-label={t('templates.importing')} /> {t('templates.importing')}
              </p>
            )}
            {phase.kind === 'running' && <JobProgress job={phase.job} />}
            {phase.kind === 'done' && <h2>{t('templates.importDone')}</h2>}
          </div>
          {phase.kind === 'failed' && <FormError message={phase.message} />}
          {phase.kind === 'done' && <ImportSummary result={phase.result} spaceId={value.id} />}
        </>
      )}
    </div>
  );
}

function JobProgress({ job }: { job: MigrationJob | null }) {
  const { t } = useTranslation();
  if (!job) return <p>{t('templates.importStarting')}</p>;
  const label = t(job.phase === 'pages' ? 'templates.progressPages' : 'templates.progressContent', { done: job.done, total: job.total });
  return (
    <>
      <p>
        <progress className="import-progress" max={Math.max(job.total, 1)} value={job.done} aria-label={label} /> {label}
      </p>
      <p className="muted">{t('templates.progressHint')}</p>
    </>
  );
}

function ImportSummary({ result, spaceId }: { result: MigrationResult; spaceId: string }) {
  const { t } = useTranslation();
  const counts: [string, number][] = [
    [t('templates.summaryCreated'), result.created],
    [t('templates.summaryUpdated'), result.updated],
    [t('templates.summaryUnchanged'), result.unchanged],
    [t('templates.summaryFiles'), result.files],
  ];
  return (
    <section aria-label={t('templates.importDone')}>
      <ul className="import-summary">
        {counts.map(([label, n]) => (
          <li key={label}>
            <strong>{n}</strong>
            {label}
          </li>
        ))}
      </ul>
      {result.skipped.length > 0 && (
        <>
          <h3>{t('templates.skippedTitle', { count: result.skipped.length })}</h3>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('templates.skippedPath')}</th>
                <th scope="col">{t('templates.skippedReason')}</th>
              </tr>
            </thead>
            <tbody>
              {result.skipped.map((s) => (
                <tr key={`${s.path}:${s.reason}`}>
                  <td>{s.path || '–'}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p>
        <Link className="button button-secondary" to={`/spaces/${spaceId}`}>
          {t('templates.openSpace')}
        </Link>
      </p>
    </section>
  );
}
