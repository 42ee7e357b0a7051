/**
 * Expertise tags on a person page. Everyone sees the declared and the (not hidden) suggested
 * tags; on one's own page the tags can be added and removed, and suggestions hidden or shown again.
 */
import type { Person } from '@stafette/api';
import { PERSON_TAG_MAX_LENGTH, PERSON_TAGS_MAX } from '@stafette/api';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { peopleApi } from './api.ts';

export function PersonTags({ person, isSelf, onChanged }: { person: Person; isSelf: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  return (
    <section className="panel people-tags" aria-labelledby="person-tags">
      <h2 id="person-tags">{t('people.tags')}</h2>
      {person.tags.length === 0 ? (
        <p className="muted">{t(isSelf ? 'people.tagsEmptySelf' : 'people.tagsEmpty')}</p>
      ) : (
        <ul className="people-tag-list" aria-label={t('people.tags')}>
          {person.tags.map((tag) => (
            <li key={tag.tag} className={`people-tag people-tag-${tag.source}`}>
              {tag.tag}
              {tag.source === 'suggested' && <span className="people-tag-source"> · {t('people.tagSuggested')}</span>}
            </li>
          ))}
        </ul>
      )}
      {isSelf && <OwnTagsEditor person={person} onChanged={onChanged} />}
    </section>
  );
}

function OwnTagsEditor({ person, onChanged }: { person: Person; onChanged(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const declared = person.tags.filter((tag) => tag.source === 'declared').map((tag) => tag.tag);
  const suggested = person.tags.filter((tag) => tag.source === 'suggested').map((tag) => tag.tag);

  const save = async (next: { declared: string[]; hidden: string[] }) => {
    setError(null);
    try {
      await peopleApi.saveTags(next);
      onChanged();
    } catch {
      setError(t('people.tagsFailed'));
    }
  };
  const add = (event: FormEvent) => {
    event.preventDefault();
    const tag = text.trim();
    if (!tag) return;
    setText('');
    void save({ declared: [...declared, tag], hidden: person.hiddenTags });
  };

  return (
    <div className="people-tags-edit">
      <form className="people-tag-form" onSubmit={add}>
        <label htmlFor="person-tag-new">{t('people.tagAdd')}</label>
        <input id="person-tag-new" value={text} maxLength={PERSON_TAG_MAX_LENGTH} onChange={(e) => setText(e.target.value)} disabled={declared.length >= PERSON_TAGS_MAX} />
        <button type="submit" className="button">
          {t('people.tagAddButton')}
        </button>
      </form>
      {declared.length > 0 && (
        <ul className="people-tag-actions" aria-label={t('people.tagsDeclared')}>
          {declared.map((tag) => (
            <li key={tag}>
              <button type="button" className="button button-small" onClick={() => void save({ declared: declared.filter((d) => d !== tag), hidden: person.hiddenTags })}>
                {t('people.tagRemove', { tag })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {suggested.length > 0 && (
        <ul className="people-tag-actions" aria-label={t('people.tagsSuggested')}>
          {suggested.map((tag) => (
            <li key={tag}>
              <button type="button" className="button button-small" onClick={() => void save({ declared, hidden: [...person.hiddenTags, tag] })}>
                {t('people.tagHide', { tag })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {person.hiddenTags.length > 0 && (
        <ul className="people-tag-actions" aria-label={t('people.tagsHidden')}>
          {person.hiddenTags.map((tag) => (
            <li key={tag}>
              <button type="button" className="button button-small" onClick={() => void save({ declared, hidden: person.hiddenTags.filter((h) => h !== tag) })}>
                {t('people.tagShow', { tag })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="field-hint">{t('people.tagsHint')}</p>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </div>
  );
}
