/**
 * Suggestions while typing in the search field (GET /search/suggestions): page titles, process
 * steps and people, shown as a listbox popup of the field (ARIA combobox pattern). It opens when
 * the user types, closes on Escape, on leaving the field or when a suggestion is taken.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Suggestion } from '@stafette/api';
import { searchApi } from './api.ts';
import { DEBOUNCE_MS, MIN_QUERY } from './use-search.ts';

/** Suggestions for the text typed now; empty while `open` is false or the text is short. */
export function useSuggestions(q: string, open: boolean): Suggestion[] {
  const [found, setFound] = useState<{ q: string; items: Suggestion[] }>({ q: '', items: [] });
  const typed = q.trim();
  useEffect(() => {
    if (!open || typed.length < MIN_QUERY) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      searchApi.suggestions(typed, controller.signal).then(
        (answer) => setFound({ q: typed, items: answer.suggestions }),
        () => {
          // Suggestions are a convenience: when they fail, the results below still come.
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [typed, open]);
  // Only suggestions of the text as typed now: Enter must never take one of an older text.
  return open && found.q === typed ? found.items : [];
}

/** Where a suggestion leads. */
export function suggestionPath(s: Suggestion): string {
  switch (s.kind) {
    case 'page':
      return `/pages/${s.id}`;
    case 'step':
      return `/processes/${s.processId}/steps/${encodeURIComponent(s.id)}`;
    case 'person':
      return `/people/${s.id}`;
  }
}

export function SuggestionList(props: { id: string; items: Suggestion[]; active: number; onHover(i: number): void; onPick(s: Suggestion): void }) {
  const { t } = useTranslation();
  const { id, items, active, onHover, onPick } = props;
  return (
    <ul id={id} role="listbox" aria-label={t('search.suggestions')} className="search-suggestions">
      {items.map((s, i) => (
        <li
          key={`${s.kind}-${s.kind === 'step' ? s.processId : ''}-${s.id}`}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className="search-suggestion"
          data-kind={s.kind}
          onMouseEnter={() => onHover(i)}
          // Keep the focus in the field: a click picks without blurring it first.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(s)}
        >
          <span className="search-suggestion-label">{s.label}</span>
          <span className="search-suggestion-kind">
            {s.kind === 'page' ? t('search.suggestionPage') : s.kind === 'step' ? t('search.suggestionStep', { process: s.processName }) : t('search.suggestionPerson')}
          </span>
        </li>
      ))}
    </ul>
  );
}
