/**
 * The bell in the sidebar: the unread count live (server-sent events), and on click the inbox.
 * A notice opens its page at the comment (`?comment=`) and counts as read.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Notification } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { notificationsApi, watchUnreadCount } from './api.ts';
import './notifications.css';

export function Bell() {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => watchUnreadCount(setUnread), []);

  const label = unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell');
  return (
    <div className="bell">
      <button ref={buttonRef} type="button" className="bell-button" aria-expanded={open} aria-controls="inbox" aria-label={label} title={label} onClick={() => setOpen((o) => !o)}>
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
          <path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="bell-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <Inbox
          onClose={() => {
            setOpen(false);
            buttonRef.current?.focus();
          }}
          onCount={setUnread}
        />
      )}
    </div>
  );
}

function Inbox({ onClose, onCount }: { onClose(): void; onCount(n: number): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [onlyUnread, setOnlyUnread] = useState(true);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [failed, setFailed] = useState(false);
  const ref = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      setItems((await notificationsApi.list(onlyUnread)).items);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [onlyUnread]);
  useEffect(() => void load(), [load]);
  useEffect(() => ref.current?.focus(), []);

  const openNotice = async (n: Notification) => {
    if (!n.read) onCount((await notificationsApi.read([n.id])).unread);
    onClose();
    if (n.pageId) navigate(`/pages/${n.pageId}${n.commentId ? `?comment=${n.commentId}` : ''}`);
    else if (n.interviewId) navigate(`/interviews/${n.interviewId}`);
  };

  return (
    <div
      id="inbox"
      ref={ref}
      className="inbox"
      role="region"
      aria-label={t('notifications.inbox')}
      tabIndex={-1}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <div className="inbox-head">
        <h2>{t('notifications.inbox')}</h2>
        <label>
          <input type="checkbox" checked={onlyUnread} onChange={(event) => setOnlyUnread(event.target.checked)} /> {t('notifications.onlyUnread')}
        </label>
        <button
          type="button"
          className="button button-ghost button-small"
          onClick={() =>
            void notificationsApi.readAll().then(({ unread }) => {
              onCount(unread);
              void load();
            })
          }
        >
          {t('notifications.readAll')}
        </button>
      </div>
      {failed && <p role="alert">{t('notifications.loadFailed')}</p>}
      {items?.length === 0 && <p className="muted">{onlyUnread ? t('notifications.noneUnread') : t('notifications.none')}</p>}
      <ul className="inbox-list">
        {items?.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'}>
            <button type="button" className="inbox-item" onClick={() => void openNotice(n)}>
              <span className="inbox-title">
                {!n.read && <span className="visually-hidden">{t('notifications.unreadMark')} </span>}
                {noticeText(t, n)}
              </span>
              {n.pageTitle && <span className="inbox-page">{n.pageTitle}</span>}
              {n.excerpt && n.kind !== 'interview.state' && n.kind !== 'review.due' && <span className="inbox-excerpt">{n.excerpt}</span>}
              <time dateTime={n.updatedAt} className="muted">
                {format.relative(n.updatedAt)}
              </time>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function noticeText(t: (key: string, options?: Record<string, unknown>) => string, n: Notification): string {
  const actor = n.actor?.displayName ?? t('notifications.someone');
  switch (n.kind) {
    case 'page.changed':
      return t('notifications.kind.page.changed', { names: n.editors.map((e) => e.displayName).join(', ') || actor });
    case 'interview.state':
      return t('notifications.kind.interview.state', { state: t(`notifications.interviewState.${n.excerpt ?? 'planned'}`) });
    case 'review.due':
      return t('notifications.kind.review.due', { date: n.excerpt ?? '' });
    default:
      return t(`notifications.kind.${n.kind}`, { actor });
  }
}
