/** Who knows what (/people?q=): people found by name or topic, each with the evidence why. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Loaded } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { peopleApi } from './api.ts';
import { evidenceHref } from './evidence-link.ts';
import './people.css';

export function PeopleScreen() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [text, setText] = useState(q);
  const result = useAsync(() => (q.trim().length >= 2 ? peopleApi.search(q.trim()).then((r) => r.items) : Promise.resolve(null)), [q]);
  useDocumentTitle(t('people.title'));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {}, { replace: true });
  };

  return (
    <div className="content content-wide">
      <h1>{t('people.title')}</h1>
      <p className="muted">{t('people.intro')}</p>
      <form role="search" className="people-search" onSubmit={submit}>
        <label htmlFor="people-q" className="visually-hidden">
          {t('people.search')}
        </label>
        <input id="people-q" type="search" value={text} minLength={2} maxLength={200} placeholder={t('people.search')} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className="button button-primary">
          {t('people.searchButton')}
        </button>
      </form>
      <Loaded state={result}>
        {(items) =>
          items === null ? null : items.length === 0 ? (
            <p className="muted">{t('people.empty')}</p>
          ) : (
            <ul className="people-results" aria-label={t('people.nav')}>
              {items.map((person) => (
                <li key={person.id} className="panel people-hit">
                  <Link to={`/people/${person.id}`} className="people-name">
                    {person.displayName}
                  </Link>
                  <ul className="people-evidence">
                    {person.evidence.map((e, i) => {
                      const href = evidenceHref(e);
                      return (
                        <li key={i}>
                          <span className="people-evidence-kind">{t(`people.evidence_${e.kind}`)}:</span> {href ? <Link to={href}>{e.title}</Link> : e.title}
                        </li>
                      );
                    })}
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </div>
  );
}
