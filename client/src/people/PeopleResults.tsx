/** The "Personen" group of the search screen: who knows about what was searched, with the first piece of evidence. */
import type { PersonHit } from '@stafette/api';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function PeopleResults({ people, q }: { people: PersonHit[]; q: string }) {
  const { t } = useTranslation();
  if (people.length === 0) return null;
  return (
    <section className="search-people" aria-labelledby="search-people-title">
      <h2 id="search-people-title">{t('people.nav')}</h2>
      <ul className="search-people-list">
        {people.map((person) => (
          <li key={person.id}>
            <Link to={`/people/${person.id}`} className="search-people-name">
              {person.displayName}
            </Link>
            {person.evidence[0] && (
              <span className="search-people-evidence">
                {t(`people.evidence_${person.evidence[0].kind}`)}: {person.evidence[0].title}
              </span>
            )}
          </li>
        ))}
      </ul>
      <Link to={`/people?${new URLSearchParams({ q }).toString()}`}>{t('people.allFor', { q })}</Link>
    </section>
  );
}
