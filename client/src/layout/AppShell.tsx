/**
 * The frame around every signed-in screen: a skip link, the sidebar (start page, spaces, the
 * active space's page tree, account) and the main landmark the screens render into.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useMatch, useNavigate } from 'react-router';
import { useSession, useUser } from '../session/session.tsx';
import { useWorkspace } from '../workspace/workspace.tsx';
import { PageTree } from '../tree/PageTree.tsx';
import { NewSpaceDialog } from '../screens/NewSpaceDialog.tsx';
import { LocaleSelect } from '../ui/LocaleSelect.tsx';
import { initials, userColor } from '../editor/colors.ts';
import { QuickSwitcher, useQuickSwitcherShortcut } from '../switcher/QuickSwitcher.tsx';
import { Bell } from '../notifications/Bell.tsx';
import { describeKeys } from '../editor/keymap.ts';

export function AppShell({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const user = useUser();
  const { signOut, setLocale } = useSession();
  const { spaces, activeSpaceId, tree } = useWorkspace();
  const navigate = useNavigate();
  const [newSpace, setNewSpace] = useState(false);
  const pageMatch = useMatch('/pages/:pageId');
  const activeSpace = spaces?.find((space) => space.id === activeSpaceId) ?? null;
  const [switcher, setSwitcher] = useState(false);
  const openSwitcher = useCallback(() => setSwitcher(true), []);
  useQuickSwitcherShortcut(openSwitcher);
  const switcherKeys = describeKeys('Mod-k', { mod: t('keys.mod'), alt: t('keys.alt'), shift: t('keys.shift') });

  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <aside className="sidebar">
        <Link to="/" className="brand">
          <img src="/favicon.svg" alt="" width="26" height="26" />
          <span>{t('app.name')}</span>
        </Link>
        <button type="button" className="switcher-button" onClick={openSwitcher} aria-keyshortcuts="Control+K Meta+K">
          <span>{t('switcher.title')}</span>
          <kbd>{switcherKeys}</kbd>
        </button>
        <Bell />
        <nav aria-label={t('nav.main')} className="sidebar-nav">
          <NavLink to="/" end className="nav-link">
            {t('nav.home')}
          </NavLink>
          <NavLink to="/interviews" className="nav-link">{t('interviews.nav')}</NavLink>
          <NavLink to="/knowledge" className="nav-link">{t('knowledge.nav')}</NavLink>
          <NavLink to="/onboarding" className="nav-link">{t('onboarding.nav')}</NavLink>
          {(user.role === 'admin' || user.role === 'knowledge_manager') && (
            <NavLink to="/knowledge/gaps" className="nav-link">
              {t('gaps.nav')}
            </NavLink>
          )}
          <NavLink to="/search" className="nav-link">{t('search.nav')}</NavLink>
          {user.role === 'admin' && (
            <NavLink to="/admin" className="nav-link">
              {t('admin.nav')}
            </NavLink>
          )}
          <div className="sidebar-section">
            <div className="sidebar-heading">
              <h2 id="spaces-heading">{t('nav.spaces')}</h2>
              <button type="button" className="icon-button" aria-label={t('nav.newSpace')} title={t('nav.newSpace')} onClick={() => setNewSpace(true)}>
                <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                  <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                </svg>
              </button>
            </div>
            <ul aria-labelledby="spaces-heading" className="space-list">
              {spaces?.length === 0 && <li className="muted">{t('nav.noSpaces')}</li>}
              {spaces?.map((space) => (
                <li key={space.id}>
                  <NavLink to={`/spaces/${space.id}`} className={() => `nav-link${space.id === activeSpaceId ? ' active' : ''}`}>
                    {space.name}
                  </NavLink>
                </li>
              ))}
            </ul>
          </div>
        </nav>
        {activeSpace && tree && <PageTree space={activeSpace} tree={tree} activePageId={pageMatch?.params.pageId ?? null} />}
        <div className="account">
          <span className="avatar" style={{ background: userColor(user.id) }} aria-hidden="true">
            {initials(user.displayName)}
          </span>
          <div className="account-info">
            <Link to="/profile" className="account-name" aria-label={`${t('profile.nav')}: ${user.displayName}`}>
              {user.displayName}
            </Link>
            <label className="account-language">
              <span className="visually-hidden">{t('nav.language')}</span>
              <LocaleSelect value={user.locale} onChange={(locale) => void setLocale(locale)} />
            </label>
          </div>
          <button
            type="button"
            className="button button-ghost button-small"
            onClick={() => {
              void signOut().then(() => navigate('/'));
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </aside>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <NewSpaceDialog open={newSpace} onClose={() => setNewSpace(false)} />
      <QuickSwitcher open={switcher} onClose={() => setSwitcher(false)} />
    </div>
  );
}
