/** The audit log: filters (who, action, target, date range), pages of 50, CSV with the same filters. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTION_MAX_LENGTH, AUDIT_TARGET_MAX_LENGTH } from '@stafette/api/limits';
import type { AuditEntry, AuditFilters } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { DataTable } from '../ui/DataTable.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { auditApi, usersAdminApi } from './api.ts';
import { FormError } from '../ui/FormError.tsx';

interface FormValues {
  actor: string;
  action: string;
  target: string;
  from: string;
  to: string;
}

const EMPTY: FormValues = { actor: '', action: '', target: '', from: '', to: '' };

/** Dates in the form are local calendar days; the API takes instants ("to" exclusive). */
function toFilters(values: FormValues): AuditFilters {
  const day = (date: string, offsetDays = 0) => {
    const at = new Date(`${date}T00:00:00`);
    at.setDate(at.getDate() + offsetDays);
    return at.toISOString();
  };
  return {
    actor: values.actor || undefined,
    action: values.action.trim() || undefined,
    target: values.target.trim() || undefined,
    from: values.from ? day(values.from) : undefined,
    to: values.to ? day(values.to, 1) : undefined,
  };
}

export function AuditAdmin() {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useAsync(() => usersAdminApi.list(), []);
  const [form, setForm] = useState<FormValues>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'done' | 'error'>('loading');
  const [error, setError] = useState<string | null>(null);

  const load = async (next: AuditFilters, after: string | null) => {
    setState('loading');
    try {
      const page = await auditApi.page(next, after);
      setEntries((current) => (after ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setState('done');
      setError(null);
    } catch (err) {
      setState('error');
      setError(errorMessage(err, t));
    }
  };

  useEffect(() => {
    void load(filters, null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(toFilters(form));
  };
  const field = (name: keyof FormValues) => ({ value: form[name], onChange: (event: { target: { value: string } }) => setForm({ ...form, [name]: event.target.value }) });

  return (
    <section aria-labelledby="audit-heading">
      <header className="admin-header">
        <h1 id="audit-heading">{t('admin.auditTitle')}</h1>
        <a className="button button-secondary" href={auditApi.csvUrl(filters)} download>
          {t('admin.exportCsv')}
        </a>
      </header>
      <form className="audit-filters" onSubmit={apply} aria-labelledby="audit-filters-heading">
        <h2 id="audit-filters-heading" className="visually-hidden">
          {t('admin.filters')}
        </h2>
        <div className="field">
          <label htmlFor="audit-actor">{t('admin.actor')}</label>
          <select id="audit-actor" {...field('actor')}>
            <option value="">{t('admin.anyone')}</option>
            {users.status === 'done' &&
              users.value.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.displayName}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-action">{t('admin.action')}</label>
          <input id="audit-action" type="text" placeholder={t('admin.actionHint')} maxLength={AUDIT_ACTION_MAX_LENGTH} {...field('action')} />
        </div>
        <div className="field">
          <label htmlFor="audit-target">{t('admin.target')}</label>
          <input id="audit-target" type="text" maxLength={AUDIT_TARGET_MAX_LENGTH} {...field('target')} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t('admin.from')}</label>
          <input id="audit-from" type="date" {...field('from')} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t('admin.to')}</label>
          <input id="audit-to" type="date" {...field('to')} />
        </div>
        <div className="audit-filter-actions">
          <button type="submit" className="button button-primary">
            {t('admin.apply')}
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              setForm(EMPTY);
              setFilters({});
            }}
          >
            {t('admin.reset')}
          </button>
        </div>
      </form>
      <FormError message={error} />
      <p className="muted" role="status">
        {state === 'loading' ? t('common.loading') : t('admin.entries', { count: entries.length })}
      </p>
      {state !== 'error' && entries.length === 0 && state === 'done' && <p>{t('admin.auditEmpty')}</p>}
      {entries.length > 0 && (
        <DataTable caption={t('admin.auditTitle')} columns={[t('admin.time'), t('admin.actor'), t('admin.action'), t('admin.targetCol'), t('admin.ip'), t('admin.detail')]} className="audit-table">
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
              </td>
              <td>{entry.actorName ?? t('admin.system')}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {entry.targetType}
                {entry.targetId && <span className="audit-id"> {entry.targetId}</span>}
              </td>
              <td>{entry.ip ?? ''}</td>
              <td className="audit-detail">{Object.keys(entry.detail).length ? JSON.stringify(entry.detail) : ''}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {cursor && (
        <button type="button" className="button button-secondary" disabled={state === 'loading'} onClick={() => void load(filters, cursor)}>
          {t('admin.more')}
        </button>
      )}
    </section>
  );
}
