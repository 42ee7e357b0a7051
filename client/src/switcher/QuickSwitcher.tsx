/**
 * Ctrl/Cmd+K from anywhere (the editor included): a dialog with a combobox to jump to a page.
 * Title matches come first (from the page index, instant); full-text results from the search
 * route follow below them, then the people who know about it ("Personen", /people?q=).
 * Keyboard only: arrows choose, Enter opens, Escape closes.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { filterPages, loadPageIndex, type IndexedPage } from '../pages-index/page-index.ts';
import { useFullTextResults } from '../search/use-search.ts';
import { usePeopleSearch } from '../people/use-people-search.ts';
import './switcher.css';

interface Option {
  id: string;
  title: string;
  detail: string;
  group: 'title' | 'text' | 'people';
}

/** Listens for the shortcut in the capture phase, before the editor's own key handling. */
export function useQuickSwitcherShortcut(open: () => void): void {
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        event.stopPropagation();
        open();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
}

export function QuickSwitcher({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      returnFocus.current = document.activeElement as HTMLElement | null;
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog switcher"
      role="dialog"
      aria-labelledby="switcher-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
        returnFocus.current?.focus();
      }}
      onClick={(event) => {
        if (event.target === ref.current) onClose();
      }}
    >
      {open && (
        <SwitcherBody
          onDone={(navigated) => {
            onClose();
            if (!navigated) returnFocus.current?.focus();
          }}
          title={t('switcher.title')}
        />
      )}
    </dialog>
  );
}

function SwitcherBody({ onDone, title }: { onDone(navigated: boolean): void; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [pages, setPages] = useState<IndexedPage[]>([]);
  // Full-text hits below the title matches: client/src/search (debounced, cancelled when stale).
  const { hits } = useFullTextResults(query);
  const people = usePeopleSearch(query, 4);
  const [active, setActive] = useState(0);

  useEffect(() => {
    loadPageIndex().then(setPages, () => setPages([]));
  }, []);

  const options = useMemo<Option[]>(() => {
    if (!query.trim()) return [];
    const byTitle = filterPages(pages, query, undefined, 8).map<Option>((page) => ({ id: page.id, title: page.title, detail: page.path, group: 'title' }));
    const seen = new Set(byTitle.map((option) => option.id));
    const paths = new Map(pages.map((page) => [page.id, page.path]));
    const byText = hits.filter((hit) => !seen.has(hit.pageId)).map<Option>((hit) => ({ id: hit.pageId, title: hit.title, detail: paths.get(hit.pageId) ?? '', group: 'text' }));
    const byPerson = people.map<Option>((person) => ({
      id: person.id,
      title: person.displayName,
      detail: person.evidence[0] ? `${t(`people.evidence_${person.evidence[0].kind}`)}: ${person.evidence[0].title}` : '',
      group: 'people',
    }));
    return [...byTitle, ...byText, ...byPerson];
  }, [pages, hits, people, query, t]);

  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    if (active >= options.length) setActive(Math.max(0, options.length - 1));
  }, [options.length, active]);

  const choose = (option: Option | undefined) => {
    if (!option) return;
    onDone(true);
    navigate(option.group === 'people' ? `/people/${option.id}` : `/pages/${option.id}`);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (index + step + options.length) % options.length);
    } else if (event.key === 'Home' && options.length && event.ctrlKey) {
      setActive(0);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(options[active]);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  const titleCount = options.filter((o) => o.group === 'title').length;
  const textEnd = titleCount + options.filter((o) => o.group === 'text').length;
  const renderOption = (option: Option, index: number) => (
    <li
      key={`${option.group}:${option.id}`}
      id={optionId(index)}
      role="option"
      aria-selected={index === active}
      className={`switcher-option${index === active ? ' active' : ''}`}
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => choose(option)}
    >
      <span className="switcher-option-title">{option.title}</span>
      {option.detail && <span className="switcher-option-detail">{option.detail}</span>}
    </li>
  );

  return (
    <div className="dialog-body">
      <h2 id="switcher-title" className="visually-hidden">
        {title}
      </h2>
      <input
        className="switcher-input"
        type="text"
        role="combobox"
        aria-label={t('switcher.input')}
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={options.length ? optionId(active) : undefined}
        aria-describedby="switcher-hint"
        placeholder={t('switcher.input')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onKeyDown}
        autoFocus
        autoComplete="off"
        spellCheck={false}
      />
      <p id="switcher-hint" className="field-hint switcher-hint">
        {t('switcher.hint')}
      </p>
      <div id={listId} role="listbox" aria-label={t('switcher.results')} className="switcher-results">
        {titleCount > 0 && (
          <ul role="group" aria-label={t('switcher.titles')} className="switcher-group">
            {options.slice(0, titleCount).map((option, index) => renderOption(option, index))}
          </ul>
        )}
        {textEnd > titleCount && (
          <ul role="group" aria-label={t('switcher.fullText')} className="switcher-group">
            <li role="presentation" className="switcher-group-label" aria-hidden="true">
              {t('switcher.fullText')}
            </li>
            {options.slice(titleCount, textEnd).map((option, index) => renderOption(option, titleCount + index))}
          </ul>
        )}
        {options.length > textEnd && (
          <ul role="group" aria-label={t('switcher.people')} className="switcher-group">
            <li role="presentation" className="switcher-group-label" aria-hidden="true">
              {t('switcher.people')}
            </li>
            {options.slice(textEnd).map((option, index) => renderOption(option, textEnd + index))}
          </ul>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {query.trim() ? (options.length ? t('switcher.count', { count: options.length }) : t('switcher.empty')) : ''}
      </p>
      {query.trim() && options.length === 0 && <p className="muted switcher-empty">{t('switcher.empty')}</p>}
      {!query.trim() && <p className="muted switcher-empty">{t('switcher.typeToSearch')}</p>}
    </div>
  );
}
