/**
 * A comment field that offers people after "@": first those who can read the page (the server
 * asks), then, marked as such, others whose name matches: mentioning them tells nobody anything
 * about the page, and after posting the writer is offered to let them in (MentionAccessNotice).
 * Arrow keys choose, Enter or Tab takes, Escape closes; the choice is written as
 * `@[Name](user-id)`.
 */
import { flushSync } from 'react-dom';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '@stafette/api';
import { COMMENT_BODY_MAX_LENGTH } from '@stafette/api/limits';
import { formatMention } from '@stafette/schema';
import { commentsApi } from './api.ts';

/** A person offered after "@"; `reads`: can read the page. */
type Offer = UserRef & { reads: boolean };

const OFFERED = 8;

/** Readers of the page matching `q`, then (from two letters on) other people matching it. */
async function offersFor(pageId: string, q: string): Promise<Offer[]> {
  const readers = (await commentsApi.mentionable(pageId, q)).slice(0, OFFERED);
  const offers: Offer[] = readers.map((r) => ({ ...r, reads: true }));
  if (q.length < 2 || offers.length >= OFFERED) return offers;
  const known = new Set(readers.map((r) => r.id));
  const others = (await commentsApi.people(q).catch(() => [])).filter((p) => !known.has(p.id));
  return [...offers, ...others.slice(0, OFFERED - offers.length).map((p) => ({ ...p, reads: false }))];
}

interface Props {
  pageId: string;
  value: string;
  onChange(value: string): void;
  label: string;
  autoFocus?: boolean;
  onSubmit?(): void;
}

export function MentionTextarea({ pageId, value, onChange, label, autoFocus, onSubmit }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [query, setQuery] = useState<{ text: string; start: number } | null>(null);
  const [people, setPeople] = useState<Offer[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!query) return setPeople([]);
    let stale = false;
    void offersFor(pageId, query.text).then(
      (found) => {
        if (!stale) {
          setPeople(found);
          setActive(0);
        }
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [pageId, query]);

  const update = (next: string, caret: number) => {
    onChange(next);
    const before = next.slice(0, caret);
    const match = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(before);
    setQuery(match ? { text: match[2]!, start: caret - match[2]!.length - 1 } : null);
  };

  const take = (person: UserRef) => {
    if (!query || !ref.current) return;
    const caret = ref.current.selectionStart;
    const mention = `${formatMention(person.displayName, person.id)} `;
    const next = value.slice(0, query.start) + mention + value.slice(caret);
    // The new value is rendered before the caret moves, at once: a caret set a frame later
    // would land among the letters a fast typist already added.
    flushSync(() => {
      onChange(next);
      setQuery(null);
    });
    const at = query.start + mention.length;
    ref.current.setSelectionRange(at, at);
  };

  const open = query !== null && people.length > 0;
  const nobody = query !== null && query.text.length >= 2 && people.length === 0;
  return (
    <div className="mention-field">
      <textarea
        ref={ref}
        className="comment-input"
        aria-label={label}
        value={value}
        maxLength={COMMENT_BODY_MAX_LENGTH}
        rows={3}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(event) => update(event.target.value, event.target.selectionStart)}
        onKeyDown={(event) => {
          if (open) {
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : people.length - 1)) % people.length);
              return;
            }
            if (event.key === 'Enter' || event.key === 'Tab') {
              event.preventDefault();
              take(people[active]!);
              return;
            }
            if (event.key === 'Escape') {
              event.preventDefault();
              setQuery(null);
              return;
            }
          }
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmit) {
            event.preventDefault();
            onSubmit();
          }
        }}
      />
      {nobody && (
        <p className="muted mention-none" role="status">
          {t('comments.mentionNobody')}
        </p>
      )}
      {open && (
        <ul id={listId} role="listbox" className="mention-list" aria-label={t('comments.mentionList')}>
          {people.map((person, i) => (
            <li
              key={person.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                take(person);
              }}
            >
              {person.displayName}
              {!person.reads && <span className="muted"> – {t('comments.mentionCannotRead')}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
