/**
 * Comments of a page, below it: inline threads on selected text (highlighted in the editor,
 * "Text entfernt" when that text was deleted), page-level discussion, replies with @mentions,
 * resolve/reopen, edit and delete. New comments of others arrive live (server-sent events).
 * `?comment=<id>` in the address (a notification) scrolls to that comment and marks it.
 * Mentioning someone who cannot read the page shows, in that thread, who and how to let them in.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import type { Comment, CommentList, WrittenComment } from '@stafette/api';
import { commentMentions } from '@stafette/schema';
import { useFormat } from '../i18n/format.ts';
import { useAction } from '../ui/use-action.ts';
import { FormError } from '../ui/FormError.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { anchorFromSelection } from './anchors.ts';
import { type AnchorPositions, installCommentAnchors, setCommentAnchors } from './anchor-plugin.ts';
import { commentsApi, watchComments } from './api.ts';
import { CommentText } from './CommentText.tsx';
import { MentionTextarea } from './MentionTextarea.tsx';
import { EditorMentions } from './EditorMentions.tsx';
import { type MentionAccess, MentionAccessNotice } from './MentionAccessNotice.tsx';
import './comments.css';

interface Thread {
  root: Comment;
  replies: Comment[];
}

function threadsOf(items: Comment[]): Thread[] {
  const threads: Thread[] = [];
  const byId = new Map<string, Thread>();
  for (const c of items) {
    if (c.threadId === null) {
      const thread = { root: c, replies: [] };
      threads.push(thread);
      byId.set(c.id, thread);
    } else byId.get(c.threadId)?.replies.push(c);
  }
  return threads;
}

export function CommentsPanel({ pageId, view }: { pageId: string; view: EditorView | null }) {
  const { t } = useTranslation();
  const [list, setList] = useState<CommentList | null>(null);
  const [failed, setFailed] = useState(false);
  const [positions, setPositions] = useState<AnchorPositions>(new Map());
  const [showResolved, setShowResolved] = useState(false);
  const [params] = useSearchParams();
  const focusId = params.get('comment');
  const [active, setActive] = useState<string | null>(focusId);
  const [access, setAccess] = useState<MentionAccess | null>(null);
  // A comment just written: if it mentions people who cannot read the page, its thread says so.
  const written = useCallback((c: WrittenComment) => {
    if (c.unreadableMentions.length > 0) setAccess({ threadId: c.threadId ?? c.id, people: c.unreadableMentions, mayGrant: c.mayGrantAccess });
  }, []);
  const threadExtras = { pageId, access, onCloseAccess: () => setAccess(null), onWritten: written };

  const reload = useCallback(async () => {
    try {
      setList(await commentsApi.list(pageId));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [pageId]);

  useEffect(() => {
    void reload();
    return watchComments(pageId, () => void reload());
  }, [pageId, reload]);

  const threads = useMemo(() => threadsOf(list?.items ?? []), [list]);

  // The editor draws the open inline threads; the plugin tells where each one is now.
  useEffect(() => {
    if (!view) return;
    installCommentAnchors(view, setPositions);
    const open = threads.filter((th) => th.root.anchor && !th.root.resolvedAt).map((th) => ({ id: th.root.id, anchor: th.root.anchor! }));
    setCommentAnchors(view, open, active);
  }, [view, threads, active]);

  // From a notification: scroll to the comment once it is there.
  const scrolled = useRef<string | null>(null);
  useEffect(() => {
    if (!focusId || scrolled.current === focusId || !list) return;
    const thread = threads.find((th) => th.root.id === focusId || th.replies.some((r) => r.id === focusId));
    if (!thread) return;
    scrolled.current = focusId;
    if (thread.root.resolvedAt) setShowResolved(true);
    setActive(thread.root.id);
    requestAnimationFrame(() => document.getElementById(`comment-${focusId}`)?.scrollIntoView({ block: 'center' }));
  }, [focusId, list, threads]);

  // Current names of the people mentioned in comments (renames follow); only readers of the page come back.
  const [mentioned, setMentioned] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    const ids = [...new Set((list?.items ?? []).flatMap((c) => commentMentions(c.body)))].slice(0, 200);
    if (ids.length === 0) return;
    let stale = false;
    void commentsApi.readers(pageId, ids).then(
      (found) => {
        if (!stale) setMentioned(new Map(found.map((u) => [u.id, u.displayName])));
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [list, pageId]);
  const names = useMemo(
    () => new Map([...mentioned, ...(list?.items ?? []).flatMap((c) => (c.author ? [[c.author.id, c.author.displayName] as const] : []))]),
    [list, mentioned],
  );
  const openThreads = threads.filter((th) => !th.root.resolvedAt);
  const resolvedThreads = threads.filter((th) => th.root.resolvedAt);

  return (
    <section className="comments" aria-labelledby="comments-heading">
      <EditorMentions pageId={pageId} view={view} />
      <h2 id="comments-heading">
        {t('comments.heading')} <span className="muted">({openThreads.length})</span>
      </h2>
      {failed && (
        <p role="alert" className="field-error">
          {t('comments.loadFailed')}{' '}
          <button type="button" className="button button-ghost button-small" onClick={() => void reload()}>
            {t('common.retry')}
          </button>
        </p>
      )}
      {list?.canComment && <NewComment pageId={pageId} view={view} onCreated={(c) => { setActive(c.id); written(c); void reload(); }} />}
      {list && !list.canComment && <p className="muted">{t('comments.cannotComment')}</p>}
      {list && threads.length === 0 && <p className="muted">{t('comments.none')}</p>}
      <ol className="comment-threads">
        {openThreads.map((thread) => (
          <ThreadView key={thread.root.id} {...threadExtras} thread={thread} names={names} canComment={list?.canComment ?? false} position={positions.get(thread.root.id)} active={active === thread.root.id} onSelect={() => setActive(thread.root.id)} onChanged={reload} view={view} />
        ))}
      </ol>
      {resolvedThreads.length > 0 && (
        <div className="comments-resolved">
          <button type="button" className="button button-ghost button-small" aria-expanded={showResolved} onClick={() => setShowResolved((s) => !s)}>
            {showResolved ? t('comments.hideResolved') : t('comments.showResolved', { count: resolvedThreads.length })}
          </button>
          {showResolved && (
            <ol className="comment-threads">
              {resolvedThreads.map((thread) => (
                <ThreadView key={thread.root.id} {...threadExtras} thread={thread} names={names} canComment={list?.canComment ?? false} position={undefined} active={active === thread.root.id} onSelect={() => setActive(thread.root.id)} onChanged={reload} view={view} />
              ))}
            </ol>
          )}
        </div>
      )}
    </section>
  );
}

/** The current selection of the editor as an anchor, or null when nothing is selected. */
function selectionAnchor(view: EditorView | null) {
  if (!view) return null;
  const { from, to, empty } = view.state.selection;
  if (empty) return null;
  const sync = ySyncPluginKey.getState(view.state) as { type: Y.XmlFragment; binding: { mapping: Parameters<typeof anchorFromSelection>[1] } | null } | undefined;
  if (!sync?.binding) return null;
  const quote = view.state.doc.textBetween(from, to, ' ').slice(0, 2000);
  if (!quote.trim()) return null;
  return anchorFromSelection(sync.type, sync.binding.mapping, from, to, quote);
}

function NewComment({ pageId, view, onCreated }: { pageId: string; view: EditorView | null; onCreated(c: WrittenComment): void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const [anchor, setAnchor] = useState<ReturnType<typeof selectionAnchor>>(null);
  const { busy, error, run } = useAction();

  const submit = () => {
    if (!body.trim()) return;
    void run(async () => {
      const created = await commentsApi.create(pageId, { body: body.trim(), ...(anchor ? { anchor } : {}) });
      setBody('');
      setAnchor(null);
      onCreated(created);
    });
  };

  return (
    <form
      className="comment-new"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="comment-new-target">
        {anchor ? (
          <>
            <span>{t('comments.onSelection')}</span> <q className="comment-quote">{anchor.quote}</q>{' '}
            <button type="button" className="button button-ghost button-small" onClick={() => setAnchor(null)}>
              {t('comments.wholePage')}
            </button>
          </>
        ) : (
          <>
            <span>{t('comments.onPage')}</span>{' '}
            <button
              type="button"
              className="button button-ghost button-small"
              // Keep the editor's selection: the button must not take the focus before reading it.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => {
                const next = selectionAnchor(view);
                if (next) setAnchor(next);
                else setAnchor(null);
              }}
              title={t('comments.selectFirst')}
            >
              {t('comments.commentSelection')}
            </button>
          </>
        )}
      </div>
      <MentionTextarea pageId={pageId} value={body} onChange={setBody} label={t('comments.newLabel')} onSubmit={submit} />
      <FormError message={error} />
      <button type="submit" className="button button-primary button-small" disabled={busy || !body.trim()}>
        {t('comments.send')}
      </button>
    </form>
  );
}

interface ThreadProps {
  pageId: string;
  /** Mentioned people who cannot read the page, from the comment just written (shown in its thread). */
  access: MentionAccess | null;
  onCloseAccess(): void;
  onWritten(c: WrittenComment): void;
  thread: Thread;
  names: Map<string, string>;
  canComment: boolean;
  position: { from: number; to: number } | null | undefined;
  active: boolean;
  onSelect(): void;
  onChanged(): Promise<void>;
  view: EditorView | null;
}

function ThreadView({ pageId, access, onCloseAccess, onWritten, thread, names, canComment, position, active, onSelect, onChanged, view }: ThreadProps) {
  const { t } = useTranslation();
  const [replying, setReplying] = useState(false);
  const [reply, setReply] = useState('');
  const { busy, error, run } = useAction();
  const { root } = thread;
  const gone = root.anchor !== null && !root.resolvedAt && position === null;

  const act = (work: () => Promise<unknown>) => void run(async () => {
    await work();
    await onChanged();
  });

  return (
    <li className={`comment-thread${active ? ' active' : ''}${root.resolvedAt ? ' resolved' : ''}`} aria-label={t('comments.threadLabel', { name: root.author?.displayName ?? t('comments.unknown') })}>
      {root.anchor && (
        <div className="comment-anchor-line">
          {gone ? (
            <span className="comment-gone">
              <strong>{t('comments.textRemoved')}</strong> <q className="comment-quote">{root.anchor.quote}</q>
            </span>
          ) : (
            <button
              type="button"
              className="comment-quote-button"
              onClick={() => {
                onSelect();
                if (view && position) {
                  const dom = view.domAtPos(position.from);
                  (dom.node instanceof Element ? dom.node : dom.node.parentElement)?.scrollIntoView({ block: 'center' });
                }
              }}
            >
              <q className="comment-quote">{root.anchor.quote}</q>
            </button>
          )}
        </div>
      )}
      <CommentItem comment={root} names={names} pageId={pageId} onChanged={onChanged} onWritten={onWritten} />
      {thread.replies.length > 0 && (
        <ol className="comment-replies">
          {thread.replies.map((r) => (
            <li key={r.id}>
              <CommentItem comment={r} names={names} pageId={pageId} onChanged={onChanged} onWritten={onWritten} />
            </li>
          ))}
        </ol>
      )}
      <div className="comment-thread-actions">
        {canComment && !replying && (
          <button type="button" className="button button-ghost button-small" onClick={() => setReplying(true)}>
            {t('comments.reply')}
          </button>
        )}
        {root.permissions.canResolve &&
          (root.resolvedAt ? (
            <button type="button" className="button button-ghost button-small" disabled={busy} onClick={() => act(() => commentsApi.reopen(root.id))}>
              {t('comments.reopen')}
            </button>
          ) : (
            <button type="button" className="button button-ghost button-small" disabled={busy} onClick={() => act(() => commentsApi.resolve(root.id))}>
              {t('comments.resolve')}
            </button>
          ))}
        {root.resolvedAt && root.resolvedBy && <span className="muted">{t('comments.resolvedBy', { name: root.resolvedBy.displayName })}</span>}
      </div>
      {replying && (
        <form
          className="comment-reply"
          onSubmit={(event) => {
            event.preventDefault();
            if (!reply.trim()) return;
            act(async () => {
              onWritten(await commentsApi.create(pageId, { body: reply.trim(), parentId: root.id }));
              setReply('');
              setReplying(false);
            });
          }}
        >
          <MentionTextarea pageId={pageId} value={reply} onChange={setReply} label={t('comments.replyLabel')} autoFocus />
          <div className="comment-form-actions">
            <button type="submit" className="button button-primary button-small" disabled={busy || !reply.trim()}>
              {t('comments.send')}
            </button>
            <button type="button" className="button button-ghost button-small" onClick={() => setReplying(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <FormError message={error} />
      {access?.threadId === root.id && <MentionAccessNotice pageId={pageId} access={access} onClose={onCloseAccess} />}
    </li>
  );
}

interface ItemProps {
  comment: Comment;
  names: Map<string, string>;
  pageId: string;
  onChanged(): Promise<void>;
  onWritten(c: WrittenComment): void;
}

function CommentItem({ comment, names, pageId, onChanged, onWritten }: ItemProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(comment.body);
  const [confirm, setConfirm] = useState(false);
  const { busy, error, run } = useAction();

  return (
    <article id={`comment-${comment.id}`} className="comment">
      <header className="comment-head">
        <strong>{comment.author?.displayName ?? t('comments.unknown')}</strong>{' '}
        <time dateTime={comment.createdAt} className="muted">
          {format.relative(comment.createdAt)}
        </time>
        {comment.editedAt && <span className="muted"> · {t('comments.edited')}</span>}
      </header>
      {editing ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              onWritten(await commentsApi.update(comment.id, text.trim()));
              setEditing(false);
              await onChanged();
            });
          }}
        >
          <MentionTextarea pageId={pageId} value={text} onChange={setText} label={t('comments.editLabel')} autoFocus />
          <div className="comment-form-actions">
            <button type="submit" className="button button-primary button-small" disabled={busy || !text.trim()}>
              {t('common.save')}
            </button>
            <button type="button" className="button button-ghost button-small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <CommentText body={comment.body} names={names} />
      )}
      {!editing && (comment.permissions.canEdit || comment.permissions.canDelete) && (
        <div className="comment-actions">
          {comment.permissions.canEdit && (
            <button type="button" className="button button-ghost button-small" onClick={() => { setText(comment.body); setEditing(true); }}>
              {t('comments.edit')}
            </button>
          )}
          {comment.permissions.canDelete && (
            <button type="button" className="button button-ghost button-small" onClick={() => setConfirm(true)}>
              {t('comments.delete')}
            </button>
          )}
        </div>
      )}
      <FormError message={error} />
      <ConfirmDialog
        open={confirm}
        title={t('comments.deleteTitle')}
        question={comment.threadId === null ? t('comments.deleteThreadQuestion') : t('comments.deleteQuestion')}
        confirmLabel={t('comments.delete')}
        onCancel={() => setConfirm(false)}
        onConfirm={() => {
          setConfirm(false);
          void run(async () => {
            await commentsApi.remove(comment.id);
            await onChanged();
          });
        }}
      />
    </article>
  );
}
