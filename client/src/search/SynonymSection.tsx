/**
 * The synonym groups of search for knowledge managers and admins (on "Gesucht, nicht gefunden"):
 * the town's own groups, added and removed here (PUT /search/synonyms replaces the list), and
 * the shipped groups to look up what already applies.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Synonyms } from '@stafette/api';
import { api } from '../api/http.ts';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import './search.css';

const synonymsApi = {
  get: () => api.get<Synonyms>('/search/synonyms'),
  put: (groups: string[][]) => api.put<Synonyms>('/search/synonyms', { groups }),
};

/** Terms typed with commas: trimmed, duplicates (ignoring case) left out. */
export function parseTerms(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(',')
    .map((term) => term.trim().replace(/\s+/g, ' '))
    .filter((term) => term.length > 0 && !seen.has(term.toLowerCase()) && seen.add(term.toLowerCase()));
}

export function SynonymSection() {
  const { t } = useTranslation();
  const list = useAsync(() => synonymsApi.get(), []);
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();
  const hintId = useId();

  const save = async (groups: string[][]) => {
    setBusy(true);
    try {
      list.set(await synonymsApi.put(groups));
      setMessage({ kind: 'ok', text: t('search.synonymsSaved') });
      return true;
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error, t) });
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (list.status !== 'done') {
    return (
      <section className="synonym-section" aria-labelledby={`${inputId}-title`}>
        <h2 id={`${inputId}-title`}>{t('search.synonymsTitle')}</h2>
        {list.status === 'error' && <p role="alert">{errorMessage(list.error, t)}</p>}
      </section>
    );
  }
  const { groups, shipped } = list.value;

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const terms = parseTerms(draft);
    if (terms.length < 2) {
      setMessage({ kind: 'error', text: t('search.synonymsTooFew') });
      return;
    }
    if (await save([...groups, terms])) setDraft('');
  };

  return (
    <section className="synonym-section" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('search.synonymsTitle')}</h2>
      <p className="muted">{t('search.synonymsIntro')}</p>
      <h3>{t('search.synonymsOwn')}</h3>
      {groups.length === 0 ? (
        <p className="muted">{t('search.synonymsNone')}</p>
      ) : (
        <ul className="synonym-groups" data-testid="synonym-groups">
          {groups.map((group, i) => (
            <li key={`${i}-${group.join('|')}`}>
              <span>{group.join(' · ')}</span>
              <button
                type="button"
                className="button button-secondary"
                disabled={busy}
                aria-label={t('search.synonymsRemove', { terms: group.join(', ') })}
                onClick={() => void save(groups.filter((_, j) => j !== i))}
              >
                {t('search.synonymsRemoveShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="synonym-add" onSubmit={(event) => void add(event)}>
        <div className="field">
          <label htmlFor={inputId}>{t('search.synonymsNewLabel')}</label>
          <input id={inputId} type="text" value={draft} maxLength={2000} aria-describedby={hintId} onChange={(event) => setDraft(event.target.value)} />
          <p id={hintId} className="field-hint">
            {t('search.synonymsNewHint')}
          </p>
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('search.synonymsAdd')}
        </button>
      </form>
      <p role={message?.kind === 'error' ? 'alert' : 'status'} className={message?.kind === 'error' ? 'error-text' : 'muted'}>
        {message?.text ?? ''}
      </p>
      <details>
        <summary>{t('search.synonymsShipped', { count: shipped.length })}</summary>
        <ul className="synonym-groups">
          {shipped.map((group) => (
            <li key={group.join('|')}>{group.join(' · ')}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}
