/**
 * The processes of a space on the space screen: each with its steps and version, and for the
 * space's owners "import a BPMN file" and "draw a new process".
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Space } from '@stafette/api';
import { ApiError } from '../api/http.ts';
import { useFormat } from '../i18n/format.ts';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { processesApi } from './api.ts';
import { newProcessPath, processPath } from './paths.ts';
import './processes.css';
import { FormError } from '../ui/FormError.tsx';

export function SpaceProcesses({ space }: { space: Space }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const processes = useAsync(() => processesApi.list(space.id), [space.id]);
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canImport = space.permissions.canManage;

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await processesApi.import(space.id, file, file.name);
      navigate(processPath(result.id));
    } catch (caught) {
      // BPMN refusals (413, 422) carry a sentence saying what is wrong with the file.
      const reason = caught instanceof ApiError && caught.status < 500 ? caught.problem.detail || caught.problem.title || caught.message : errorMessage(caught, t);
      setError(t('processes.importFailed', { reason }));
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="space-processes-heading" className="space-processes">
      <div className="space-processes-header">
        <h2 id="space-processes-heading">{t('processes.listTitle')}</h2>
        {canImport && (
          <div className="space-processes-actions">
            <input ref={fileRef} type="file" accept=".bpmn,.xml,application/xml,text/xml" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={(event) => void importFile(event)} data-testid="bpmn-file-input" />
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => fileRef.current?.click()}>
              {busy ? t('processes.importing') : t('processes.importFile')}
            </button>
            <Link className="button button-secondary" to={newProcessPath(space.id)}>
              {t('processes.drawNew')}
            </Link>
          </div>
        )}
      </div>
      <FormError message={error} />
      {processes.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {processes.status === 'error' && <p className="form-error">{errorMessage(processes.error, t)}</p>}
      {processes.status === 'done' && processes.value.length === 0 && <p className="muted">{t('processes.listEmpty')}</p>}
      {processes.status === 'done' && processes.value.length > 0 && (
        <ul className="page-list">
          {processes.value.map((process) => (
            <li key={process.id}>
              <Link to={processPath(process.id)} className="page-list-title">
                {process.name}
              </Link>
              <span className="page-list-meta">
                {t('processes.listSummary', { steps: format.number(process.stepCount), version: process.version })}
                {process.orphanedCount > 0 && ` · ${t('processes.orphanedCount', { count: process.orphanedCount })}`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
