/**
 * The global search page (/search?q=&space=&process=): search-as-you-type, facets by space and
 * process, highlighted snippets, and keyboard navigation — the arrow keys move through the
 * results while the cursor stays in the search field (aria-activedescendant), Enter opens one.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { SEARCH_QUERY_MAX_LENGTH } from '@stafette/api/limits';
import type { FacetCount, SearchFileType, SearchHit, Suggestion } from '@stafette/api';
import { errorMessage } from '../ui/errors.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { processesApi } from '../processes/api.ts';
import { Snippet } from './Snippet.tsx';
import { ClassificationBadge } from '../classification/ClassificationBadge.tsx';
import { currentHits, MIN_QUERY, useSearch } from './use-search.ts';
import { useSearchMissReport } from '../knowledge-gaps/use-search-miss.ts';
import { useLevelLabel } from '../classification/use-scheme.ts';
import { SuggestionList, suggestionPath, useSuggestions } from './suggestions.tsx';
import { PeopleResults } from '../people/PeopleResults.tsx';
import { usePeopleSearch } from '../people/use-people-search.ts';
import '../people/people.css';
import './search.css';

const PAGE_SIZE = 20;
/** "Geändert" choices: days back from today. */
const CHANGED_DAYS = { week: 7, month: 30, year: 365 } as const;
type Changed = keyof typeof CHANGED_DAYS;

function changedSince(changed: string | null): string | null {
  if (!changed || !(changed in CHANGED_DAYS)) return null;
  const day = new Date(Date.now() - CHANGED_DAYS[changed as Changed] * 86_400_000);
  return day.toISOString().slice(0, 10);
}

export function SearchScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const spaceId = params.get('space');
  const processId = params.get('process');
  const classification = params.get('classification');
  const authorId = params.get('author');
  const fileType = params.get('file') as SearchFileType | null;
  const changed = params.get('changed');
  const sort = params.get('sort') === 'date' ? 'date' : 'relevance';
  const state = useSearch({ q, spaceId, processId, limit: PAGE_SIZE, classification, authorId, fileType, changedSince: changedSince(changed), sort });
  const [suggestOpen, setSuggestOpen] = useState(false);
  const suggestions = useSuggestions(q, suggestOpen);
  const [suggestActive, setSuggestActive] = useState(-1);
  const suggestId = useId();
  const popup = suggestOpen && suggestions.length > 0;
  const levelLabel = useLevelLabel();
  useSearchMissReport(q, spaceId);
  const hits = currentHits(state);
  // Who knows about it: the "Personen" group above the pages.
  const people = usePeopleSearch(q, 3);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const processNames = useProcessNames(state.status === 'done' ? state.result.facets.processes : []);
  const { spaces } = useWorkspace();
  const spaceName = (id: string) => spaces?.find((s) => s.id === id)?.name ?? t('search.unknownSpace');

  useDocumentTitle(q.trim() ? `${q.trim()} – ${t('search.title')}` : t('search.title'));

  // The address follows the query (shareable, survives reload) without a history entry per key.
  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || null });
    // Only the query drives this; the facet buttons update the address themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  useEffect(() => setActive(-1), [q, spaceId, processId, classification, authorId, fileType, changed, sort]);
  useEffect(() => setSuggestActive(-1), [suggestions]);

  const pick = (s: Suggestion) => {
    setSuggestOpen(false);
    navigate(suggestionPath(s));
  };

  // Ctrl/Cmd-click and the middle button open the page in a new tab, as a link would.
  const open = (hit: SearchHit, newTab = false) => {
    if (newTab) window.open(`/pages/${hit.pageId}`, '_blank', 'noopener');
    else navigate(`/pages/${hit.pageId}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Escape' && popup) {
      event.preventDefault();
      setSuggestOpen(false);
      return;
    }
    if (popup) {
      if (event.key === 'ArrowDown') {
        event.preventDefault();
        setSuggestActive((i) => Math.min(suggestions.length - 1, i + 1));
        return;
      }
      if (event.key === 'ArrowUp') {
        event.preventDefault();
        setSuggestActive((i) => Math.max(-1, i - 1));
        return;
      }
      if (event.key === 'Enter' && suggestActive >= 0) {
        event.preventDefault();
        pick(suggestions[suggestActive]!);
        return;
      }
      // Enter without a chosen suggestion goes on to the results.
      if (event.key === 'Enter') setSuggestOpen(false);
    }
    if (hits.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((i) => Math.min(hits.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(-1, i - 1));
    } else if (event.key === 'Home' && active >= 0) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && active >= 0) {
      event.preventDefault();
      setActive(hits.length - 1);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      open(hits[Math.max(0, active)]!);
    }
  };

  useEffect(() => {
    if (active >= 0) document.getElementById(`${listId}-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, listId]);

  const facets = state.status === 'done' ? state.result.facets : state.status === 'loading' ? state.previous?.facets : undefined;
  const status = statusText();

  function statusText(): string {
    if (q.trim().length > 0 && q.trim().length < MIN_QUERY) return t('search.typeMore');
    switch (state.status) {
      case 'loading':
        return t('search.searching');
      case 'unavailable':
        return t('search.unavailable');
      case 'error':
        return `${t('search.failed')} ${errorMessage(state.error, t)}`;
      case 'done':
        if (state.result.hits.length === 0) return t('search.none', { q: q.trim() });
        return state.result.nextCursor ? t('search.resultsMore', { count: state.result.hits.length }) : t('search.results', { count: state.result.hits.length });
      default:
        return '';
    }
  }

  return (
    <div className="content search-screen">
      <h1>{t('search.title')}</h1>
      <div className="search-box" role="search">
        <label htmlFor={`${listId}-input`} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          ref={inputRef}
          id={`${listId}-input`}
          type="search"
          maxLength={SEARCH_QUERY_MAX_LENGTH}
          role="combobox"
          aria-expanded={popup || hits.length > 0}
          aria-controls={popup ? suggestId : listId}
          aria-autocomplete="list"
          aria-activedescendant={popup ? (suggestActive >= 0 ? `${suggestId}-${suggestActive}` : undefined) : active >= 0 ? `${listId}-${active}` : undefined}
          aria-describedby={hintId}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          placeholder={t('search.placeholder')}
          value={q}
          onChange={(event) => {
            setQ(event.target.value);
            setSuggestOpen(true);
          }}
          onBlur={() => setSuggestOpen(false)}
          onKeyDown={onKeyDown}
        />
        {popup && <SuggestionList id={suggestId} items={suggestions} active={suggestActive} onHover={setSuggestActive} onPick={pick} />}
        <span className="visually-hidden" role="status">
          {popup ? `${t('search.suggestionsCount', { count: suggestions.length })}. ${t('search.suggestionHint')}` : ''}
        </span>
      </div>
      <p id={hintId} className="field-hint">
        {t('search.hint')}
      </p>
      <div className="search-layout">
        <aside className="search-facets" aria-label={t('search.facets')}>
          {facets && (facets.spaces.length > 0 || spaceId) && (
            <FacetList
              title={t('search.facetSpaces')}
              allLabel={t('search.allSpaces')}
              facets={facets.spaces}
              selected={spaceId}
              name={spaceName}
              onSelect={(id) => update({ space: id, process: null })}
            />
          )}
          {facets && (facets.processes.length > 0 || processId) && (
            <FacetList
              title={t('search.facetProcesses')}
              allLabel={t('search.allProcesses')}
              facets={facets.processes}
              selected={processId}
              name={(id) => processNames.get(id) ?? t('search.unknownProcess')}
              onSelect={(id) => update({ process: id })}
            />
          )}
          {facets?.classifications && (facets.classifications.length > 0 || classification) && (
            <FacetList
              title={t('search.facetClassifications')}
              allLabel={t('search.allClassifications')}
              facets={facets.classifications.map((f) => ({ id: f.key, count: f.count }))}
              selected={classification}
              name={(key) => levelLabel(key as Parameters<typeof levelLabel>[0])}
              onSelect={(key) => update({ classification: key })}
            />
          )}
          {facets?.authors && (facets.authors.length > 0 || authorId) && (
            <FacetList
              title={t('search.facetAuthors')}
              allLabel={t('search.allAuthors')}
              facets={facets.authors}
              selected={authorId}
              name={(id) => facets.authors?.find((a) => a.id === id)?.name ?? ''}
              onSelect={(id) => update({ author: id })}
            />
          )}
          {facets?.fileTypes && (facets.fileTypes.length > 0 || fileType) && (
            <FacetList
              title={t('search.facetFileTypes')}
              allLabel={t('search.allFileTypes')}
              facets={facets.fileTypes.map((f) => ({ id: f.key, count: f.count }))}
              selected={fileType}
              name={(key) => t(`search.fileType_${key}`)}
              onSelect={(key) => update({ file: key })}
            />
          )}
        </aside>
        <section aria-label={t('search.title')}>
          <PeopleResults people={people} q={q.trim()} />
          <div className="search-toolbar">
            <label htmlFor={`${listId}-sort`}>{t('search.sortLabel')}</label>
            <select id={`${listId}-sort`} value={sort} onChange={(event) => update({ sort: event.target.value === 'date' ? 'date' : null })}>
              <option value="relevance">{t('search.sortRelevance')}</option>
              <option value="date">{t('search.sortDate')}</option>
            </select>
            <label htmlFor={`${listId}-changed`}>{t('search.changedLabel')}</label>
            <select id={`${listId}-changed`} value={changed ?? ''} onChange={(event) => update({ changed: event.target.value || null })}>
              <option value="">{t('search.changedAny')}</option>
              <option value="week">{t('search.changedWeek')}</option>
              <option value="month">{t('search.changedMonth')}</option>
              <option value="year">{t('search.changedYear')}</option>
            </select>
          </div>
          <p className="search-status" role="status" data-testid="search-status">
            {status}
          </p>
          {state.status === 'done' && state.result.correction && (
            <p className="search-correction">
              {t('search.didYouMean')}{' '}
              <button type="button" onClick={() => setQ(state.result.correction!)} data-testid="search-correction">
                „{state.result.correction}“
              </button>
              ?
            </p>
          )}
          <ul id={listId} role="listbox" aria-label={t('search.title')} className="search-results">
            {hits.map((hit, i) => (
              <li
                key={hit.pageId}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                className="search-result"
                data-page-id={hit.pageId}
                onMouseEnter={() => setActive(i)}
                onClick={(event) => open(hit, event.ctrlKey || event.metaKey)}
                onAuxClick={(event) => {
                  if (event.button === 1) open(hit, true);
                }}
              >
                {/* Not a link: an option may not hold another interactive element (axe nested-interactive). */}
                <span className="search-result-title">{hit.title}</span>
                <ClassificationBadge level={hit.classification} from="oeffentlich" />
                <p className="search-result-meta">
                  {spaceName(hit.spaceId)}
                  {hit.steps.length > 0 && ` · ${t('search.inSteps', { steps: [...new Set(hit.steps.map((s) => s.name ?? s.elementId))].join(', ') })}`}
                </p>
                <Snippet snippet={hit.snippet} attachment={hit.attachment} />
              </li>
            ))}
          </ul>
          {state.status === 'done' && state.result.nextCursor && (
            <button type="button" className="button button-secondary search-more" disabled={state.loadingMore} onClick={state.loadMore}>
              {t('search.more')}
            </button>
          )}
        </section>
      </div>
    </div>
  );
}

function FacetList(props: { title: string; allLabel: string; facets: FacetCount[]; selected: string | null; name(id: string): string; onSelect(id: string | null): void }) {
  const { t } = useTranslation();
  const { title, allLabel, facets, selected, name, onSelect } = props;
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        <li>
          <button type="button" className="facet-button" aria-pressed={!selected} onClick={() => onSelect(null)}>
            {allLabel}
          </button>
        </li>
        {facets.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="facet-button"
              aria-pressed={selected === f.id}
              onClick={() => onSelect(selected === f.id ? null : f.id)}
            >
              <span>{name(f.id)}</span>{' '}
              {/* The name read out contains the visible text ("Bauamt 3 Treffer"), as WCAG 2.5.3 asks. */}
              <span className="facet-count">
                {f.count}
                <span className="visually-hidden"> {t('search.hits', { count: f.count })}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Names of the processes in the facets, fetched once per id. */
function useProcessNames(facets: FacetCount[]): Map<string, string> {
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const asked = useRef(new Set<string>());
  const ids = useMemo(() => facets.map((f) => f.id).join(','), [facets]);
  useEffect(() => {
    const missing = ids ? ids.split(',').filter((id) => !asked.current.has(id)) : [];
    if (missing.length === 0) return;
    for (const id of missing) asked.current.add(id);
    void Promise.all(missing.map((id) => processesApi.get(id).then((p) => [id, p.name] as const, () => [id, null] as const))).then((found) => {
      setNames((prev) => {
        const next = new Map(prev);
        for (const [id, name] of found) if (name) next.set(id, name);
        return next;
      });
    });
  }, [ids]);
  return names;
}
