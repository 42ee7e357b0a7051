/** The menu after `@` in the page editor: readers of the page, chosen with arrows and Enter. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EditorView } from 'prosemirror-view';
import type { UserRef } from '@stafette/api';
import { api } from '../api/http.ts';
import { commentsApi } from './api.ts';
import { insertMention, installEditorMentions, type MentionQuery, MentionNames, mentionIds } from './editor-mentions.ts';

export function EditorMentions({ pageId, view }: { pageId: string; view: EditorView | null }) {
  const { t } = useTranslation();
  const names = useMemo(() => new MentionNames(), []);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [people, setPeople] = useState<UserRef[]>([]);
  const [active, setActive] = useState(0);
  const state = useRef({ people, active, query });
  state.current = { people, active, query };

  useEffect(() => {
    if (!view) return;
    installEditorMentions(
      view,
      names,
      (q) => setQuery(q.active ? q : null),
      (key) => {
        const { people: list, active: index, query: q } = state.current;
        if (!q || list.length === 0) return false;
        if (key === 'Escape') setQuery(null);
        else if (key === 'ArrowDown' || key === 'ArrowUp') setActive((index + (key === 'ArrowDown' ? 1 : list.length - 1)) % list.length);
        else insertMention(view, q, list[index]!);
        return true;
      },
    );
    // The current names of those mentioned (renames follow); only readers of the page come back.
    const missing = mentionIds(view.state.doc).filter((id) => !names.has(id));
    if (missing.length > 0) void api.get<UserRef[]>(`/pages/${pageId}/mentionable?ids=${missing.slice(0, 200).join(',')}`).then((found) => names.set(found), () => undefined);
  }, [view, names, pageId]);

  useEffect(() => {
    if (!query) return setPeople([]);
    let stale = false;
    void commentsApi.mentionable(pageId, query.query).then(
      (found) => {
        if (stale) return;
        setPeople(found.slice(0, 8));
        setActive(0);
        names.set(found);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [pageId, query, names]);

  if (!view || !query || people.length === 0) return null;
  const coords = view.coordsAtPos(query.from);
  return (
    <ul role="listbox" className="mention-list editor-mention-list" aria-label={t('comments.mentionList')} style={{ position: 'fixed', left: coords.left, top: coords.bottom + 4 }}>
      {people.map((person, i) => (
        <li
          key={person.id}
          role="option"
          aria-selected={i === active}
          className={i === active ? 'active' : undefined}
          onMouseDown={(event) => {
            event.preventDefault();
            insertMention(view, query, person);
          }}
        >
          {person.displayName}
        </li>
      ))}
    </ul>
  );
}
