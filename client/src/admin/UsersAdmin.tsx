/** Accounts: the list with role, status and planned departure; create, edit, (de)activate. */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { useUser } from '../session/session.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { usersAdminApi } from './api.ts';
import { CreateUserDialog, EditUserDialog } from './UserDialogs.tsx';
import { FormError } from '../ui/FormError.tsx';

export function UsersAdmin() {
  const { t } = useTranslation();
  const me = useUser();
  const format = useFormat();
  const users = useAsync(() => usersAdminApi.list(), []);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  // After a change was saved: say what changed and show it in the list.
  const changed = (message: string) => {
    setNotice(message);
    users.reload();
  };

  const setActive = async (user: User, active: boolean) => {
    setDeactivating(null);
    try {
      await usersAdminApi.update(user.id, { active });
      setError(null);
      changed(t(active ? 'admin.reactivated' : 'admin.deactivated', { name: user.displayName }));
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };

  return (
    <section aria-labelledby="users-heading">
      <header className="admin-header">
        <h1 id="users-heading">{t('admin.usersTitle')}</h1>
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          {t('admin.newUser')}
        </button>
      </header>
      <FormError message={error} />
      <Loaded state={users}>
        {(list) => (
          <DataTable caption={t('admin.usersTitle')} columns={[t('admin.name'), t('admin.email'), t('admin.role'), t('admin.status'), t('admin.departure')]} actions={t('admin.actions')}>
            {list.map((user) => (
              <tr key={user.id} className={user.active ? undefined : 'row-inactive'}>
                <th scope="row">
                  {user.displayName} {user.id === me.id && <span className="muted">{t('admin.you')}</span>}
                </th>
                <td>{user.email}</td>
                <td>{t(`admin.roles.${user.role as Role}`)}</td>
                <td>
                  <span className={`status-pill ${user.active ? 'status-ok' : 'status-off'}`}>{user.active ? t('admin.active') : t('admin.inactive')}</span>
                </td>
                <td>{user.plannedDepartureDate ? format.date(user.plannedDepartureDate) : t('admin.noDeparture')}</td>
                <td>
                  <div className="row-actions">
                    <button type="button" className="button button-secondary button-small" aria-label={t('admin.editLabel', { name: user.displayName })} onClick={() => setEditing(user)}>
                      {t('admin.edit')}
                    </button>
                    {user.id !== me.id &&
                      (user.active ? (
                        <button type="button" className="button button-ghost button-small" aria-label={t('admin.deactivateLabel', { name: user.displayName })} onClick={() => setDeactivating(user)}>
                          {t('admin.deactivate')}
                        </button>
                      ) : (
                        <button type="button" className="button button-ghost button-small" aria-label={t('admin.reactivateLabel', { name: user.displayName })} onClick={() => void setActive(user, true)}>
                          {t('admin.reactivate')}
                        </button>
                      ))}
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <CreateUserDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(user) => {
          setCreating(false);
          changed(t('admin.created', { name: user.displayName }));
        }}
      />
      <EditUserDialog
        user={editing}
        self={editing?.id === me.id}
        onClose={() => setEditing(null)}
        onSaved={(user) => {
          setEditing(null);
          changed(t('admin.updated', { name: user.displayName }));
        }}
      />
      <ConfirmDialog
        title={deactivating ? t('admin.deactivateTitle', { name: deactivating.displayName }) : ''}
        open={deactivating !== null}
        question={t('admin.deactivateConfirm')}
        confirmLabel={t('admin.deactivate')}
        onConfirm={() => deactivating && void setActive(deactivating, false)}
        onCancel={() => setDeactivating(null)}
      />
      <Notice message={notice} onDone={clearNotice} />
    </section>
  );
}
