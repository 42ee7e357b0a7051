/**
 * The frame around every signed-in screen: a skip link, the sidebar (start page, spaces, the
 * active space's page tree, account) and the main landmark the screens render into. On phones
 * the sidebar is a drawer behind the "Menü" button of a compact top bar; on tablets that button
 * folds the sidebar away (see use-screen-size.ts).
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useLocation, useMatch, useNavigate } from 'react-router';
import { useSession, useUser } from '../session/session.tsx';
import { useWorkspace } from '../workspace/workspace.tsx';
import { PageTree } from '../tree/PageTree.tsx';
import { NewSpaceDialog } from '../screens/NewSpaceDialog.tsx';
import { LocaleSelect } from '../ui/LocaleSelect.tsx';
import { initials, userColor } from '../editor/colors.ts';
import { QuickSwitcher, useQuickSwitcherShortcut } from '../switcher/QuickSwitcher.tsx';
import { Bell } from '../notifications/Bell.tsx';
import { describeKeys } from '../editor/keymap.ts';
import { useScreenSize } from './use-screen-size.ts';
import { useFocusTrap } from './use-focus-trap.ts';

const SIDEBAR_KEY = 'stafette.sidebar';

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

  const size = useScreenSize();
  const location = useLocation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  // A tablet's folded sidebar stays folded across visits.
  const [tabletOpen, setTabletOpen] = useState(() => localStorage.getItem(SIDEBAR_KEY) !== 'folded');
  const navOpen = size === 'phone' ? drawerOpen : size === 'tablet' ? tabletOpen : true;
  const drawer = size === 'phone' && drawerOpen;
  const menuButton = useRef<HTMLButtonElement>(null);
  const sidebar = useRef<HTMLElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const trapped = useMemo(() => [menuButton, sidebar], []);
  const closeDrawer = useCallback(() => {
    setDrawerOpen(false);
    menuButton.current?.focus();
  }, []);
  useFocusTrap(trapped, drawer, closeDrawer);
  const toggleNav = () => {
    if (size === 'phone') setDrawerOpen((open) => !open);
    else {
      localStorage.setItem(SIDEBAR_KEY, tabletOpen ? 'folded' : 'open');
      setTabletOpen(!tabletOpen);
    }
  };
  // Following a link in the drawer closes it; focus goes to the new screen, not to the hidden link.
  const lastPath = useRef(location.pathname + location.search);
  const focusMain = useRef(false);
  const drawerOpenNow = useRef(drawerOpen);
  drawerOpenNow.current = drawerOpen;
  useEffect(() => {
    const path = location.pathname + location.search;
    if (path === lastPath.current) return;
    lastPath.current = path;
    if (drawerOpenNow.current) {
      focusMain.current = true;
      setDrawerOpen(false);
    }
  }, [location.pathname, location.search]);
  useEffect(() => {
    if (drawer || !focusMain.current) return;
    focusMain.current = false;
    mainRef.current?.focus();
  }, [drawer]);

  return (
    <div className={`shell shell-${size}${navOpen ? ' nav-open' : ' nav-closed'}`}>
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      {size !== 'desktop' && (
        <header className="topbar">
          <button
            ref={menuButton}
            type="button"
            className="menu-button"
            aria-expanded={navOpen}
            aria-controls="app-sidebar"
            onClick={toggleNav}
          >
            <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
              {navOpen ? (
                <path d="M5 5l10 10M15 5L5 15" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              ) : (
                <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              )}
            </svg>
            <span>{t('nav.menu')}</span>
          </button>
          <Link to="/" className="topbar-brand" inert={drawer}>
            <img src="/favicon.svg" alt="" width="22" height="22" />
            <span>{t('app.name')}</span>
          </Link>
        </header>
      )}
      {drawer && <div className="drawer-backdrop" aria-hidden="true" onClick={closeDrawer} />}
      <aside id="app-sidebar" ref={sidebar} className="sidebar" hidden={!navOpen}>
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
          <NavLink to="/people" className="nav-link">{t('people.nav')}</NavLink>
          {(user.role === 'admin' || user.role === 'knowledge_manager') && (
            <NavLink to="/knowledge-gaps" className="nav-link">
              {t('gaps.nav')}
            </NavLink>
          )}
          {(user.role === 'admin' || user.role === 'knowledge_manager') && (
            <NavLink to="/dashboard" className="nav-link">
              {t('dashboard.nav')}
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
      <main id="main" ref={mainRef} className="main" tabIndex={-1} inert={drawer}>
        {children}
      </main>
      <NewSpaceDialog open={newSpace} onClose={() => setNewSpace(false)} />
      <QuickSwitcher open={switcher} onClose={() => setSwitcher(false)} />
    </div>
  );
}
