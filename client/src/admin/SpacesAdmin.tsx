/** Spaces and their members: pick a space, change roles, add and remove people, archive it. */
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, Space, SpaceRole } from '@stafette/api';
import { DataTable } from '../ui/DataTable.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { spacesAdminApi, usersAdminApi } from './api.ts';
import { FormError } from '../ui/FormError.tsx';

const SPACE_ROLES: SpaceRole[] = ['reader', 'editor', 'owner'];

function SpaceRoleOptions() {
  const { t } = useTranslation();
  return (
    <>
      {SPACE_ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`admin.spaceRoles.${role}`)}
        </option>
      ))}
    </>
  );
}

export function SpacesAdmin() {
  const { t } = useTranslation();
  const spaces = useAsync(() => spacesAdminApi.list(), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  const selected = spaces.status === 'done' ? (spaces.value.find((s) => s.id === selectedId) ?? null) : null;

  return (
    <section aria-labelledby="spaces-admin-heading">
      <h1 id="spaces-admin-heading">{t('admin.spacesTitle')}</h1>
      <div className="admin-split">
        <nav aria-label={t('admin.spaceList')} className="admin-list">
          <Loaded state={spaces}>
            {(list) => (
              <ul>
                {list.map((space) => (
                  <li key={space.id}>
                    <button type="button" className="version-item" aria-current={space.id === selectedId ? 'true' : undefined} onClick={() => setSelectedId(space.id)}>
                      <span className="version-title">{space.name}</span>
                      {space.archived && <span className="version-meta">{t('admin.archived')}</span>}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </Loaded>
        </nav>
        <div className="admin-detail">
          {selected ? (
            <SpaceMembers
              key={selected.id}
              space={selected}
              onNotice={setNotice}
              onSpaceChanged={() => {
                spaces.reload();
              }}
            />
          ) : (
            <p className="muted">{t('admin.pickSpace')}</p>
          )}
        </div>
      </div>
      <Notice message={notice} onDone={clearNotice} />
    </section>
  );
}

function SpaceMembers({ space, onNotice, onSpaceChanged }: { space: Space; onNotice(message: string): void; onSpaceChanged(): void }) {
  const { t } = useTranslation();
  const { reloadSpaces } = useWorkspace();
  const members = useAsync(() => spacesAdminApi.members(space.id), [space.id]);
  const users = useAsync(() => usersAdminApi.list(), []);
  const [newUser, setNewUser] = useState('');
  const [newRole, setNewRole] = useState<SpaceRole>('editor');
  const [error, setError] = useState<string | null>(null);

  const act = async (work: () => Promise<unknown>, message: string) => {
    try {
      await work();
      setError(null);
      onNotice(message);
      members.reload();
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const user = users.status === 'done' ? users.value.find((u) => u.id === newUser) : undefined;
    if (!user) return;
    await act(() => spacesAdminApi.setMember(space.id, user.id, newRole), t('admin.memberAdded', { name: user.displayName }));
    setNewUser('');
  };

  const toggleArchive = async () => {
    try {
      await (space.archived ? spacesAdminApi.restore(space.id) : spacesAdminApi.archive(space.id));
      onNotice(t(space.archived ? 'admin.spaceRestored' : 'admin.spaceArchived', { space: space.name }));
      onSpaceChanged();
      await reloadSpaces();
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };

  const memberIds = new Set(members.status === 'done' ? members.value.map((m) => m.userId) : []);
  const candidates = users.status === 'done' ? users.value.filter((u) => u.active && !memberIds.has(u.id)) : [];

  return (
    <section aria-labelledby="members-heading">
      <header className="admin-header">
        <h2 id="members-heading">{t('admin.members', { space: space.name })}</h2>
        <button type="button" className="button button-secondary button-small" onClick={() => void toggleArchive()}>
          {space.archived ? t('admin.restoreSpace') : t('admin.archiveSpace')}
        </button>
      </header>
      <FormError message={error} />
      <Loaded state={members} empty={t('admin.noMembers')}>
        {(list) => (
          <DataTable caption={t('admin.members', { space: space.name })} columns={[t('admin.name'), t('admin.role')]} actions={t('admin.actions')}>
            {list.map((member: Member) => (
              <tr key={member.userId}>
                <th scope="row">
                  {member.displayName} <span className="muted">{member.email}</span>
                </th>
                <td>
                  <select
                    aria-label={t('admin.roleOf', { name: member.displayName })}
                    value={member.role}
                    onChange={(event) => void act(() => spacesAdminApi.setMember(space.id, member.userId, event.target.value as SpaceRole), t('admin.roleChanged', { name: member.displayName }))}
                  >
                    <SpaceRoleOptions />
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="button button-ghost button-small"
                    aria-label={t('admin.removeLabel', { name: member.displayName })}
                    onClick={() => void act(() => spacesAdminApi.removeMember(space.id, member.userId), t('admin.memberRemoved', { name: member.displayName }))}
                  >
                    {t('admin.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <form className="inline-form" onSubmit={(event) => void add(event)} aria-labelledby="add-member-heading">
        <h3 id="add-member-heading">{t('admin.addMember')}</h3>
        <div className="field">
          <label htmlFor="add-member-user">{t('admin.person')}</label>
          <select id="add-member-user" value={newUser} onChange={(event) => setNewUser(event.target.value)}>
            <option value="">{t('admin.choosePerson')}</option>
            {candidates.map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName} ({user.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="add-member-role">{t('admin.role')}</label>
          <select id="add-member-role" value={newRole} onChange={(event) => setNewRole(event.target.value as SpaceRole)}>
            <SpaceRoleOptions />
          </select>
        </div>
        <button type="submit" className="button button-primary" disabled={!newUser}>
          {t('admin.add')}
        </button>
      </form>
    </section>
  );
}
