/**
 * Onboarding (/onboarding): the caller's own reading paths, and for those who build paths
 * (knowledge managers, admins, space owners) the paths they look after with everyone's progress.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadingPath, User } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { useUser } from '../session/session.tsx';
import { useWorkspace } from '../workspace/workspace.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { FormError } from '../ui/FormError.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useAction } from '../ui/use-action.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { onboardingApi } from './api.ts';
import { CreatePathDialog } from './CreatePathDialog.tsx';
import { ReadingPathCard } from './ReadingPathCard.tsx';
import './onboarding.css';

export function OnboardingScreen() {
  const { t } = useTranslation();
  const user = useUser();
  const { spaces } = useWorkspace();
  useDocumentTitle(t('onboarding.title'));
  const builds = user.role === 'admin' || user.role === 'knowledge_manager' || (spaces ?? []).some((s) => s.myRole === 'owner');
  const managed = useAsync(() => (builds ? onboardingApi.managed() : Promise.resolve([])), [builds]);
  const users = useAsync(() => (builds ? onboardingApi.users() : Promise.resolve([])), [builds]);
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const replace = (path: ReadingPath) => {
    if (managed.status !== 'done') return;
    const rest = managed.value.filter((p) => p.id !== path.id);
    managed.set([path, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
  };

  return (
    <div className="content content-wide">
      <h1>{t('onboarding.title')}</h1>
      <p className="muted">{t('onboarding.intro')}</p>
      <Notice message={notice} onDone={() => setNotice(null)} />
      <ReadingPathCard />
      {builds && (
        <section aria-labelledby="managed-paths-heading">
          <div className="reading-path-head">
            <h2 id="managed-paths-heading">{t('onboarding.managedHeading')}</h2>
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t('onboarding.create')}
            </button>
          </div>
          <Loaded state={managed} empty={t('onboarding.managedEmpty')}>
            {(paths) => (
              <div className="paths-list">
                {paths.map((path) => (
                  <PathCard
                    key={path.id}
                    path={path}
                    people={users.status === 'done' ? users.value.filter((u) => u.active) : []}
                    onAssigned={(updated, name) => {
                      replace(updated);
                      setNotice(t('onboarding.assigned', { name }));
                    }}
                  />
                ))}
              </div>
            )}
          </Loaded>
          <CreatePathDialog
            open={creating}
            onClose={() => setCreating(false)}
            onCreated={(path) => {
              setCreating(false);
              replace(path);
              setNotice(t('onboarding.created', { title: path.title }));
            }}
          />
        </section>
      )}
    </div>
  );
}

function PathCard({ path, people, onAssigned }: { path: ReadingPath; people: User[]; onAssigned(path: ReadingPath, name: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [userId, setUserId] = useState('');
  const action = useAction();
  const headingId = `managed-${path.id}`;
  const assignable = people.filter((p) => !path.assignees.some((a) => a.user.id === p.id));

  async function assign() {
    const person = people.find((p) => p.id === userId);
    if (!person) return;
    await action.run(async () => {
      onAssigned(await onboardingApi.assign(path.id, userId), person.displayName);
      setUserId('');
    });
  }

  return (
    <article className="panel path-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{path.title}</h3>
      <p className="page-list-meta">
        {t('onboarding.items', { count: path.items.length })}
        {path.createdBy && ` · ${path.createdBy.displayName}`}
        {path.interviewId && ` · ${t('onboarding.fromInterview')}`}
      </p>
      {path.assignees.length === 0 ? (
        <p className="muted">{t('onboarding.noAssignees')}</p>
      ) : (
        <table className="path-table">
          <caption className="visually-hidden">{t('onboarding.progressLabel', { title: path.title })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('onboarding.colPerson')}</th>
              <th scope="col">{t('onboarding.colProgress')}</th>
              <th scope="col">{t('onboarding.colAssigned')}</th>
            </tr>
          </thead>
          <tbody>
            {path.assignees.map((a) => (
              <tr key={a.user.id}>
                <th scope="row">{a.user.displayName}</th>
                <td>
                  <progress max={a.total} value={a.done} aria-label={t('onboarding.progressLabel', { title: a.user.displayName })} />
                  {t('onboarding.progress', { done: a.done, total: a.total })}
                  {a.changed > 0 && <span className="reading-item-changed">{t('onboarding.changedCount', { count: a.changed })}</span>}
                </td>
                <td>{format.date(a.assignedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="path-assign">
        <div className="field">
          <label htmlFor={`assign-${path.id}`}>{t('onboarding.assignTo')}</label>
          <select id={`assign-${path.id}`} value={userId} onChange={(e) => setUserId(e.target.value)}>
            <option value="" />
            {assignable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.displayName}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="button button-secondary" disabled={!userId || action.busy} onClick={() => void assign()}>
          {t('onboarding.assign')}
        </button>
      </div>
      <FormError message={action.error} />
    </article>
  );
}
