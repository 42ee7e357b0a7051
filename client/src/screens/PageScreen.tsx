/**
 * A page: breadcrumbs, title, who is here, connection state and the live editor. Viewing and
 * editing are the same screen; readers get the live view read-only and are told why.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { PAGE_TITLE_MAX_LENGTH } from '@stafette/api/limits';
import type { Page } from '@stafette/api';
import { pagesApi } from '../api/endpoints.ts';
import { Editor } from '../editor/Editor.tsx';
import { useCollab, type ConnectionStatus, type Peer } from '../editor/use-collab.ts';
import { initials } from '../editor/colors.ts';
import { useFormat } from '../i18n/format.ts';
import { useUser } from '../session/session.tsx';
import { useWorkspace } from '../workspace/workspace.tsx';
import { StepLinkHandler } from '../processes/StepLinkHandler.tsx';
import { UsedInChips } from '../processes/UsedInChips.tsx';
import { ReviewBanner } from '../knowledge/ReviewBanner.tsx';
import { ReadConfirmationPanel } from '../knowledge/ReadConfirmationPanel.tsx';
import { RefusedEditsBanner } from '../offline/RefusedEditsBanner.tsx';
import { rememberForOffline } from '../offline/service-worker.ts';
import { PageActions } from '../history/PageActions.tsx';
import { PageFiles } from '../files/PageFiles.tsx';
import { ClassificationBanner } from '../classification/ClassificationBanner.tsx';
import { forgetOfflineCopy, mayBeKeptOffline } from '../classification/offline.ts';
import { Breadcrumbs } from '../ui/Breadcrumbs.tsx';
import { CommentsPanel } from '../comments/CommentsPanel.tsx';
import { WatchButton } from '../notifications/WatchButton.tsx';
import type { EditorView } from 'prosemirror-view';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { RoutedPage } from './RoutedPage.tsx';
import { PublishToggle } from '../publishing/PublishToggle.tsx';

export function PageScreen() {
  return <RoutedPage>{(page, replace) => <LivePage key={page.id} page={page} onRenamed={replace} />}</RoutedPage>;
}

function LivePage({ page, onRenamed }: { page: Page; onRenamed(page: Page): void }) {
  const { t } = useTranslation();
  const user = useUser();
  const navigate = useNavigate();
  const format = useFormat();
  // Strictly confidential pages keep no copy on the device (classification/offline.ts).
  const offline = mayBeKeptOffline(page.classification);
  const collab = useCollab(page.id, user, { offline });
  const canEdit = page.permissions.canEdit && !collab.permissionDenied;
  const [editorView, setEditorView] = useState<EditorView | null>(null);

  useEffect(() => {
    if (offline) void rememberForOffline(`/pages/${page.id}`);
    else void forgetOfflineCopy(user.id, page.id);
  }, [page.id, offline, user.id]);

  useDocumentTitle(page.title);

  return (
    <article className="page" aria-labelledby="page-title-heading">
      <header className="page-header">
        <Breadcrumbs
          label={t('page.breadcrumbs')}
          trail={[{ to: `/spaces/${page.space.id}`, label: page.space.name }, ...page.breadcrumbs.map((crumb) => ({ to: `/pages/${crumb.id}`, label: crumb.title }))]}
          current={page.title}
        />
        <div className="page-status">
          <Presence peers={collab.peers} />
          <ConnectionBadge status={collab.status} synced={collab.synced} />
          <WatchButton pageId={page.id} />
          <PageActions page={page} />
        </div>
      </header>
      <div className="page-body">
        <ClassificationBanner page={page} onChanged={(updated) => onRenamed({ ...page, ...updated })} />
        <PublishToggle key={`${page.id}:${page.classification}`} target="pages" id={page.id} canManage={page.permissions.canManage} />
        <PageTitle key={page.id} page={page} editable={canEdit} onRenamed={onRenamed} />
        {page.updatedAt && (
          <p className="page-meta">
            <time dateTime={page.updatedAt}>{t('page.updated', { when: format.relative(page.updatedAt) })}</time>
          </p>
        )}
        <UsedInChips pageId={page.id} />
        <ReviewBanner pageId={page.id} spaceId={page.spaceId} />
        <ReadConfirmationPanel pageId={page.id} />
        <StepLinkHandler />
        {!canEdit && (
          <div className="banner banner-info" role="note" aria-labelledby="readonly-title">
            <strong id="readonly-title">{t('page.readOnlyTitle')}</strong>{' '}
            {collab.permissionDenied && page.permissions.canEdit ? t('page.permissionDenied') : t('page.readOnly')}
          </div>
        )}
        {collab.refused && collab.session && (
          <RefusedEditsBanner refused={collab.refused} ydoc={collab.session.ydoc} userId={user.id} pageId={page.id} title={page.title} closed={!collab.permissionDenied} />
        )}
        {collab.session ? (
          <Editor collab={collab.session} pageId={page.id} title={page.title} editable={canEdit} onNavigate={(path) => navigate(path)} onView={setEditorView} />
        ) : (
          <p className="muted">{t('connection.loading')}</p>
        )}
        <PageFiles pageId={page.id} canEdit={canEdit} />
        <CommentsPanel pageId={page.id} view={editorView} />
      </div>
    </article>
  );
}

function PageTitle({ page, editable, onRenamed }: { page: Page; editable: boolean; onRenamed(page: Page): void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const { reloadTree } = useWorkspace();
  const [value, setValue] = useState(page.title);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => setValue(page.title), [page.title]);
  useEffect(() => {
    // A page just created from the tree opens with its title selected for typing. Only once
    // this page is the one shown: while it loads, the previous page's title is still on screen,
    // and typing into it would rename the wrong page.
    const wanted = (location.state as { focusTitle?: boolean } | null)?.focusTitle && location.pathname === `/pages/${page.id}`;
    if (wanted && ref.current) {
      ref.current.focus();
      ref.current.select();
    }
  }, [location.state, location.pathname, page.id, editable]);

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const title = value.trim();
    if (title === page.title) return;
    if (!title) {
      setError(t('page.titleRequired'));
      return;
    }
    try {
      const updated = await pagesApi.rename(page.id, title);
      setError(null);
      onRenamed({ ...page, ...updated });
      await reloadTree();
    } catch {
      setError(t('page.renameFailed'));
    }
  };

  if (!editable) {
    return (
      <h1 id="page-title-heading" className="page-title">
        {page.title}
      </h1>
    );
  }
  return (
    <form onSubmit={(event) => void save(event)} className="page-title-form">
      <h1 id="page-title-heading" className="page-title">
        {/* A one-line text area, so a long title wraps on a narrow screen instead of being cut off. */}
        <textarea
          ref={ref}
          className="page-title-input"
          aria-label={t('page.titleLabel')}
          value={value}
          maxLength={PAGE_TITLE_MAX_LENGTH}
          onChange={(event) => setValue(event.target.value.replace(/[\r\n]+/g, ' '))}
          rows={1}
          onBlur={() => void save()}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setValue(page.title);
            if (event.key === 'Enter' || event.key === 'ArrowDown') {
              event.preventDefault();
              void save();
              (document.querySelector('#page-editor') as HTMLElement | null)?.focus();
            }
          }}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'page-title-error' : undefined}
        />
      </h1>
      {error && (
        <p id="page-title-error" className="field-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function Presence({ peers }: { peers: Peer[] }) {
  const { t } = useTranslation();
  if (peers.length === 0) return null;
  return (
    <ul className="presence" aria-label={t('page.presence')}>
      {peers.map((peer) => {
        const name = peer.self ? t('page.you', { name: peer.name }) : peer.name;
        return (
          <li key={peer.userId} className="presence-avatar" style={{ background: peer.color }} title={name} data-user-name={peer.name}>
            <span aria-hidden="true">{initials(peer.name)}</span>
            <span className="visually-hidden">{name}</span>
          </li>
        );
      })}
    </ul>
  );
}

function ConnectionBadge({ status, synced }: { status: ConnectionStatus; synced: boolean }) {
  const { t } = useTranslation();
  const label = status === 'connected' ? (synced ? t('connection.connected') : t('connection.loading')) : status === 'connecting' ? t('connection.connecting') : t('connection.disconnected');
  const tone = status === 'connected' && synced ? 'ok' : status === 'disconnected' ? 'offline' : 'pending';
  return (
    <p className={`connection connection-${tone}`} role="status" aria-label={t('connection.label')} data-status={status} data-synced={synced}>
      <span className="connection-dot" aria-hidden="true" />
      <span>{label}</span>
    </p>
  );
}
