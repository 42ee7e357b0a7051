/**
 * Directory sign-in for administrators: which sign-in methods are on and how the LDAP directory
 * is doing (last sync, its counts and error), "sync now" with its result, and the editor of the
 * group → role mappings (group, whole instance or a space, role).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryStatus, DirectorySyncResult, GroupMapping, Space } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { directoryAdminApi, spacesAdminApi } from './api.ts';

const INSTANCE_ROLES = ['admin', 'knowledge_manager'] as const;
const SPACE_ROLES = ['reader', 'editor', 'owner'] as const;

export function DirectoryAdmin() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.directory.title'));
  const status = useAsync(() => directoryAdminApi.status(), []);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);

  return (
    <section aria-labelledby="directory-title">
      <h1 id="directory-title">{t('admin.directory.title')}</h1>
      <Loaded state={status}>{(value) => <Providers status={value} onSynced={status.reload} />}</Loaded>
      <MappingsEditor onSaved={() => setNotice(t('admin.directory.saved'))} />
      <Notice message={notice} onDone={clearNotice} />
    </section>
  );
}

function Providers({ status, onSynced }: { status: DirectoryStatus; onSynced(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const sync = useAction();
  const [result, setResult] = useState<DirectorySyncResult | null>(null);
  const ldap = status.ldap;
  const last = ldap?.lastSync ?? null;

  const syncNow = () =>
    void sync.run(async () => {
      setResult(null);
      try {
        setResult(await directoryAdminApi.sync());
      } finally {
        onSynced();
      }
    });

  return (
    <div className="panel directory-providers">
      <h2>{t('admin.directory.providers')}</h2>
      <dl className="directory-facts">
        <dt>{t('admin.directory.local')}</dt>
        <dd>{status.local ? t('admin.directory.localOn') : t('admin.directory.localOff')}</dd>
        <dt>{t('admin.directory.oidc')}</dt>
        <dd>{status.oidc ? `${status.oidc.name} (${status.oidc.issuer}) · ${t('admin.directory.accounts')}: ${format.number(status.oidc.accounts)}` : t('admin.directory.notConfigured')}</dd>
        <dt>{t('admin.directory.ldap')}</dt>
        <dd>{ldap ? t('admin.directory.configured') : t('admin.directory.notConfigured')}</dd>
      </dl>
      {ldap && (
        <>
          <dl className="directory-facts">
            <dt>{t('admin.directory.url')}</dt>
            <dd>{ldap.url}</dd>
            <dt>{t('admin.directory.encryption')}</dt>
            <dd>{t(`admin.directory.encryptionValues.${ldap.encryption}`)}</dd>
            <dt>{t('admin.directory.userBase')}</dt>
            <dd>{ldap.userBase}</dd>
            <dt>{t('admin.directory.groupBase')}</dt>
            <dd>{ldap.groupBase ?? t('admin.directory.groupBaseNone')}</dd>
            <dt>{t('admin.directory.departureAttribute')}</dt>
            <dd>{ldap.departureAttribute ?? t('admin.directory.none')}</dd>
            <dt>{t('admin.directory.syncEvery')}</dt>
            <dd>{ldap.syncMinutes > 0 ? t('admin.directory.syncEveryMinutes', { count: ldap.syncMinutes }) : t('admin.directory.syncOff')}</dd>
            <dt>{t('admin.directory.accounts')}</dt>
            <dd>{format.number(ldap.accounts)}</dd>
            <dt>{t('admin.directory.lastSync')}</dt>
            <dd>
              {last ? (
                <>
                  <span className={`status-pill ${last.status === 'ok' ? 'status-ok' : 'status-off'}`}>{t(`admin.directory.runStatus.${last.status}`)}</span>{' '}
                  {t('admin.directory.runSummary', {
                    when: format.dateTime(last.startedAt),
                    trigger: t(`admin.directory.runTrigger.${last.trigger}`),
                    created: last.created,
                    updated: last.updated,
                    deactivated: last.deactivated,
                  })}
                </>
              ) : (
                t('admin.directory.lastSyncNever')
              )}
            </dd>
            {ldap.lastSuccessAt && (
              <>
                <dt>{t('admin.directory.lastSuccess')}</dt>
                <dd>{format.dateTime(ldap.lastSuccessAt)}</dd>
              </>
            )}
            {last?.error && (
              <>
                <dt>{t('admin.directory.lastError')}</dt>
                <dd className="directory-error">{last.error}</dd>
              </>
            )}
          </dl>
          <button type="button" className="button" onClick={syncNow} disabled={sync.busy} aria-describedby="directory-sync-result">
            {sync.busy ? t('admin.directory.syncing') : t('admin.directory.syncNow')}
          </button>
          <div id="directory-sync-result" role="status" aria-live="polite">
            {result && <p>{t('admin.directory.syncResult', result)}</p>}
            {result && result.errors.length > 0 && (
              <>
                <h3>{t('admin.directory.syncProblems')}</h3>
                <ul className="directory-errors">
                  {result.errors.map((error) => (
                    <li key={error}>{error}</li>
                  ))}
                </ul>
              </>
            )}
          </div>
          <FormError message={sync.error} />
        </>
      )}
    </div>
  );
}

type Row = GroupMapping & { key: number };
let nextKey = 1;

function MappingsEditor({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation();
  const spaces = useAsync(() => spacesAdminApi.list(), []);
  const mappings = useAsync(async () => (await directoryAdminApi.mappings()).map((m) => ({ ...m, key: nextKey++ })), []);
  const save = useAction();

  return (
    <Loaded state={mappings}>
      {(rows) => {
        const setRows = (next: Row[]) => mappings.set(next);
        const change = (key: number, patch: Partial<GroupMapping>) =>
          setRows(
            rows.map((row) => {
              if (row.key !== key) return row;
              const next = { ...row, ...patch };
              // A role fits its scope: instance roles for the whole instance, space roles in a space.
              if (patch.spaceId !== undefined && (next.spaceId === null) !== (INSTANCE_ROLES as readonly string[]).includes(next.role)) next.role = next.spaceId === null ? 'knowledge_manager' : 'reader';
              return next;
            }),
          );
        const submit = () => {
          const empty = rows.findIndex((row) => row.group.trim() === '');
          if (empty >= 0) return save.setError(t('admin.directory.groupRequired', { n: empty + 1 }));
          void save.run(async () => {
            const saved = await directoryAdminApi.saveMappings(rows.map(({ group, spaceId, role }) => ({ group: group.trim(), spaceId, role })));
            setRows(saved.map((m) => ({ ...m, key: nextKey++ })));
            onSaved();
          });
        };
        const spaceList: Space[] = spaces.status === 'done' ? spaces.value.filter((s) => !s.archived) : [];
        return (
          <form
            className="panel directory-mappings"
            aria-labelledby="directory-mappings-title"
            onSubmit={(event) => {
              event.preventDefault();
              submit();
            }}
          >
            <h2 id="directory-mappings-title">{t('admin.directory.mappings')}</h2>
            <p className="field-hint">{t('admin.directory.mappingsHint')}</p>
            {rows.length === 0 ? (
              <p className="muted">{t('admin.directory.mappingsEmpty')}</p>
            ) : (
              <div className="table-scroll">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('admin.directory.group')}</th>
                    <th scope="col">{t('admin.directory.scope')}</th>
                    <th scope="col">{t('admin.directory.role')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('admin.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => {
                    const n = index + 1;
                    const roles = row.spaceId === null ? INSTANCE_ROLES : SPACE_ROLES;
                    return (
                      <tr key={row.key}>
                        <td>
                          <input aria-label={t('admin.directory.groupLabel', { n })} value={row.group} maxLength={1000} onChange={(event) => change(row.key, { group: event.target.value })} placeholder="GG-Bürgerbüro" />
                        </td>
                        <td>
                          <select aria-label={t('admin.directory.scopeLabel', { n })} value={row.spaceId ?? ''} onChange={(event) => change(row.key, { spaceId: event.target.value || null })}>
                            <option value="">{t('admin.directory.wholeInstance')}</option>
                            {row.spaceId && !spaceList.some((s) => s.id === row.spaceId) && <option value={row.spaceId}>{row.spaceId}</option>}
                            {spaceList.map((space) => (
                              <option key={space.id} value={space.id}>
                                {space.name}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <select aria-label={t('admin.directory.roleLabel', { n })} value={row.role} onChange={(event) => change(row.key, { role: event.target.value as GroupMapping['role'] })}>
                            {roles.map((role) => (
                              <option key={role} value={role}>
                                {row.spaceId === null ? t(`admin.roles.${role}`) : t(`admin.spaceRoles.${role}`)}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <button type="button" className="button button-secondary" aria-label={t('admin.directory.removeLabel', { n })} onClick={() => setRows(rows.filter((r) => r.key !== row.key))}>
                            {t('admin.directory.remove')}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              </div>
            )}
            <FormError message={save.error} />
            <div className="row-actions directory-actions">
              <button type="button" className="button button-secondary" onClick={() => setRows([...rows, { key: nextKey++, group: '', spaceId: null, role: 'knowledge_manager' }])}>
                {t('admin.directory.add')}
              </button>
              <button type="submit" className="button" disabled={save.busy}>
                {t('admin.directory.save')}
              </button>
            </div>
          </form>
        );
      }}
    </Loaded>
  );
}
