/**
 * Below a process's diagram: what its import tolerated (warnings with line numbers), its
 * exports, the version comparison link, and for the space's owners its landscape settings
 * (category, owner).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PROCESS_CATEGORY_MAX_LENGTH } from '@stafette/api/limits';
import type { ImportWarning, Process } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { errorMessage } from '../ui/errors.ts';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { processesApi } from './api.ts';
import { comparePath } from './paths.ts';

export function ImportWarnings({ warnings }: { warnings: ImportWarning[] }) {
  const { t } = useTranslation();
  if (warnings.length === 0) return null;
  return (
    <details className="import-warnings" data-testid="import-warnings">
      <summary>{t('processes.warningsTitle', { count: warnings.length })}</summary>
      <p className="muted">{t('processes.warningsHint')}</p>
      <ol>
        {warnings.map((warning, index) => (
          <li key={index}>
            <span className="import-warning-line">{warning.line === null ? t('processes.warningNoLine') : t('processes.warningLine', { line: warning.line })}</span>{' '}
            {t(`processes.warningCodes.${warning.code}`, { subject: warning.subject ?? '', defaultValue: warning.message })}
          </li>
        ))}
      </ol>
    </details>
  );
}

export function ProcessExports({ process }: { process: Process }) {
  const { t } = useTranslation();
  return (
    <nav className="process-exports" aria-labelledby="process-exports-title">
      <h2 id="process-exports-title">{t('processes.exports')}</h2>
      <ul>
        <li>
          <a href={processesApi.exportHref(process.id, 'bpmn')} download>
            {t('processes.exportBpmn')}
          </a>
        </li>
        <li>
          <a href={processesApi.exportHref(process.id, 'svg')} download>
            {t('processes.exportSvg')}
          </a>
        </li>
        <li>
          <a href={processesApi.exportHref(process.id, 'png')} download>
            {t('processes.exportPng')}
          </a>
        </li>
        {/* The process handbook: the diagram, then every step in flow order with its pages. */}
        {(['pdf', 'docx', 'odt'] as const).map((format) => (
          <li key={format}>
            <a href={processesApi.exportHref(process.id, format)} download>
              {t(`processes.exportHandbook${format === 'pdf' ? 'Pdf' : format === 'docx' ? 'Docx' : 'Odt'}`)}
            </a>
          </li>
        ))}
        <li>
          {/* For another municipality: the process with its pages (client/src/publishing). */}
          <a href={`/api/v1/processes/${encodeURIComponent(process.id)}/package`} download>
            {t('publishing.exportPackage')}
          </a>
        </li>
        {process.version > 1 && (
          <li>
            <Link to={comparePath(process.id, process.version - 1, process.version)}>{t('processes.compareLink')}</Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

export function ProcessSettings({ process, onSaved }: { process: Process; onSaved(): void }) {
  const { t } = useTranslation();
  const members = useAsync(() => spacesApi.members(process.spaceId), [process.spaceId]);
  const [category, setCategory] = useState(process.category ?? '');
  const [ownerId, setOwnerId] = useState(process.owner?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await processesApi.updateSettings(process.id, { category: category.trim() === '' ? null : category.trim(), ownerId: ownerId === '' ? null : ownerId });
      setStatus(t('processes.settingsSaved'));
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <details className="process-settings">
      <summary>{t('processes.settings')}</summary>
      <form onSubmit={(event) => void submit(event)}>
        <label htmlFor="process-category">{t('processes.category')}</label>
        <input
          id="process-category"
          value={category}
          maxLength={PROCESS_CATEGORY_MAX_LENGTH}
          aria-describedby="process-category-hint"
          onChange={(event) => setCategory(event.target.value)}
        />
        <p id="process-category-hint" className="muted">
          {t('processes.categoryHint')}
        </p>
        <label htmlFor="process-owner">{t('processes.owner')}</label>
        <Loaded state={members}>
          {(list) => (
            <select id="process-owner" value={ownerId} onChange={(event) => setOwnerId(event.target.value)}>
              <option value="">{t('processes.ownerNone')}</option>
              {list
                .filter((member) => member.active || member.userId === ownerId)
                .map((member) => (
                  <option key={member.userId} value={member.userId}>
                    {member.displayName}
                  </option>
                ))}
            </select>
          )}
        </Loaded>
        <FormError message={error} />
        <button type="submit" className="button button-secondary">
          {t('processes.saveSettings')}
        </button>
        <p role="status" className="muted">
          {status}
        </p>
      </form>
    </details>
  );
}
