/**
 * The processes of a space on the space screen: each with its steps and version, and for the
 * space's owners "import a BPMN file", "draw a new process" and "import a process package".
 */
import { useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Space } from '@stafette/api';
import { ApiError } from '../api/http.ts';
import { useFormat } from '../i18n/format.ts';
import { Loaded } from '../ui/Loaded.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { processesApi } from './api.ts';
import { landscapePath, newProcessPath, processPath } from './paths.ts';
import './processes.css';
import { FormError } from '../ui/FormError.tsx';
import { PackageImport } from '../packages/PackageImport.tsx';

export function SpaceProcesses({ space }: { space: Space }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const processes = useAsync(() => processesApi.list(space.id), [space.id]);
  const fileRef = useRef<HTMLInputElement>(null);
  const { busy, error, run } = useAction((caught) => {
    // BPMN refusals (413, 422) carry a sentence saying what is wrong with the file.
    const reason = caught instanceof ApiError && caught.status < 500 ? caught.problem.detail || caught.problem.title || caught.message : errorMessage(caught, t);
    return t('processes.importFailed', { reason });
  });
  const canImport = space.permissions.canManage;

  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    void run(async () => navigate(processPath((await processesApi.import(space.id, file, file.name)).id)));
  };

  return (
    <section aria-labelledby="space-processes-heading" className="space-processes">
      <div className="space-processes-header">
        <h2 id="space-processes-heading">{t('processes.listTitle')}</h2>
        <Link className="button button-secondary" to={landscapePath(space.id)}>
          {t('processes.landscapeLink')}
        </Link>
        {canImport && (
          <div className="space-processes-actions">
            <input ref={fileRef} type="file" accept=".bpmn,.xml,application/xml,text/xml" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={importFile} data-testid="bpmn-file-input" />
            <button type="button" className="button button-secondary" disabled={busy} onClick={() => fileRef.current?.click()}>
              {busy ? t('processes.importing') : t('processes.importFile')}
            </button>
            <Link className="button button-secondary" to={newProcessPath(space.id)}>
              {t('processes.drawNew')}
            </Link>
            <PackageImport spaceId={space.id} />
          </div>
        )}
      </div>
      <FormError message={error} />
      <Loaded state={processes} empty={t('processes.listEmpty')}>
        {(list) => (
          <ul className="page-list">
            {list.map((process) => (
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
      </Loaded>
    </section>
  );
}
