/** A person page (/people/:id): role, offices, the steps they are a contact for, the pages they wrote most. */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../i18n/format.ts';
import { ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useUser } from '../session/session.tsx';
import { PersonTags } from './PersonTags.tsx';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { peopleApi } from './api.ts';
import './people.css';

export function PersonScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { personId = '' } = useParams();
  const me = useUser();
  const person = useAsync(() => peopleApi.get(personId), [personId]);
  useDocumentTitle(person.status === 'done' ? person.value.displayName : t('people.nav'));
  if (person.status !== 'done') return <ScreenPending state={person} />;
  const p = person.value;

  return (
    <div className="content content-wide">
      <h1>{p.displayName}</h1>
      <p className="people-meta">
        {t(`people.role_${p.role}`)}
        {!p.active && ` · ${t('people.inactive')}`}
        {p.plannedDeparture && ` · ${t('people.departure', { date: format.date(`${p.plannedDeparture}T12:00:00Z`) })}`}
      </p>
      <PersonTags person={p} isSelf={p.id === me.id} onChanged={() => void peopleApi.get(personId).then(person.set)} />
      <div className="people-grid">
        <section className="panel" aria-labelledby="person-offices">
          <h2 id="person-offices">{t('people.offices')}</h2>
          {p.offices.length === 0 ? (
            <p className="muted">{t('people.officesEmpty')}</p>
          ) : (
            <ul className="page-list">
              {p.offices.map((o) => (
                <li key={o.spaceId}>
                  <Link to={`/spaces/${o.spaceId}`} className="page-list-title">
                    {o.name}
                  </Link>
                  <span className="page-list-meta">{t(`people.memberRole_${o.role}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="person-steps">
          <h2 id="person-steps">{t('people.steps')}</h2>
          {p.steps.length === 0 ? (
            <p className="muted">{t('people.stepsEmpty')}</p>
          ) : (
            <ul className="page-list">
              {p.steps.map((s) => (
                <li key={`${s.processId}/${s.elementId}`}>
                  <Link to={`/processes/${s.processId}/steps/${encodeURIComponent(s.elementId)}`} className="page-list-title">
                    {s.name ?? s.elementId}
                  </Link>
                  <span className="page-list-meta">{s.processName}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <section className="panel people-pages" aria-labelledby="person-pages">
        <h2 id="person-pages">{t('people.pages')}</h2>
        {p.pages.length === 0 ? (
          <p className="muted">{t('people.pagesEmpty')}</p>
        ) : (
          <ul className="page-list">
            {p.pages.map((page) => (
              <li key={page.id}>
                <Link to={`/pages/${page.id}`} className="page-list-title">
                  {page.title}
                </Link>
                <span className="page-list-meta">
                  {page.spaceName} · {t('people.edits', { count: page.edits })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
