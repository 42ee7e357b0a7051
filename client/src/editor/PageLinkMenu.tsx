/** The "[[" suggestion list: pages matching what was typed after the brackets. */
import { forwardRef, useEffect, useImperativeHandle, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorView } from 'prosemirror-view';
import { filterPages, loadPageIndex, type IndexedPage } from '../pages-index/page-index.ts';
import type { SuggestState } from './page-link-suggest.ts';

export interface PageLinkMenuHandle {
  onKey(key: 'ArrowUp' | 'ArrowDown' | 'Enter' | 'Tab' | 'Escape'): boolean;
}

interface Props {
  view: EditorView;
  trigger: SuggestState;
  currentPageId: string;
  container: HTMLElement;
  onChoose(page: IndexedPage): void;
}

export const PageLinkMenu = forwardRef<PageLinkMenuHandle, Props>(function PageLinkMenu({ view, trigger, currentPageId, container, onChoose }, ref) {
  const { t } = useTranslation();
  const [pages, setPages] = useState<IndexedPage[] | null>(null);
  const [selected, setSelected] = useState(0);

  useEffect(() => {
    let cancelled = false;
    loadPageIndex()
      .then((all) => !cancelled && setPages(all))
      .catch(() => !cancelled && setPages([]));
    return () => {
      cancelled = true;
    };
  }, []);

  const matches = pages ? filterPages(pages, trigger.query, currentPageId) : [];
  useEffect(() => setSelected(0), [trigger.query]);

  useImperativeHandle(ref, () => ({
    onKey(key) {
      if (key === 'Escape') return true;
      if (matches.length === 0) return key === 'Enter' ? false : false;
      if (key === 'ArrowDown') setSelected((s) => (s + 1) % matches.length);
      else if (key === 'ArrowUp') setSelected((s) => (s - 1 + matches.length) % matches.length);
      else onChoose(matches[Math.min(selected, matches.length - 1)]!);
      return true;
    },
  }));

  const coords = view.coordsAtPos(trigger.from);
  const box = container.getBoundingClientRect();
  const style = { left: Math.max(0, coords.left - box.left), top: coords.bottom - box.top + 6 };

  return (
    <div className="suggest" style={style}>
      <p className="suggest-hint" id="page-link-hint">
        {t('editor.pageLinkHint')}
      </p>
      <ul role="listbox" id="page-link-suggestions" aria-label={t('editor.pageLinkSuggestions')} aria-describedby="page-link-hint">
        {pages === null && <li className="suggest-empty">{t('common.loading')}</li>}
        {pages !== null && matches.length === 0 && <li className="suggest-empty">{t('editor.pageLinkEmpty')}</li>}
        {matches.map((page, index) => (
          <li
            key={page.id}
            id={`page-link-option-${index}`}
            role="option"
            aria-selected={index === selected}
            className="suggest-option"
            onMouseDown={(event) => {
              event.preventDefault();
              onChoose(page);
            }}
            onMouseEnter={() => setSelected(index)}
          >
            <span className="suggest-title">{page.title}</span>
            <span className="suggest-path">{page.path}</span>
          </li>
        ))}
      </ul>
    </div>
  );
});
