/**
 * The signed-in user, loaded once at boot through the session probe (which answers 200 with
 * `{user: null}` when logged out, so a logged-out visit logs no failed request).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { LogoutResult, Session, User } from '@stafette/api';
import { authApi } from '../api/endpoints.ts';
import { setCsrfToken, setUnauthorizedHandler } from '../api/http.ts';
import { applyLocale, isLocale } from '../i18n/index.ts';
import { clearOfflineData, forgetApiCache } from '../offline/local-docs.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'anonymous' }
  /** `enrolSecondFactor`: the instance requires two-factor sign-in of this account and it has none yet. */
  | { status: 'signed-in'; user: User; enrolSecondFactor?: boolean };

interface SessionApi {
  state: SessionState;
  /** The signed-in user; only call below a guard that ensured one. */
  user: User | null;
  signedIn(info: Session): Promise<void>;
  /** The required second factor is set up: the app opens. */
  secondFactorEnrolled(): void;
  signOut(): Promise<void>;
  setLocale(locale: 'de' | 'en'): Promise<void>;
  /** Changes the own display name and/or language (profile). */
  updateProfile(changes: { displayName?: string; locale?: 'de' | 'en' }): Promise<void>;
  /**
   * Ends every session of the user (all devices), then this one like a sign-out; with
   * `revokeTokens` every personal API token too.
   */
  signOutEverywhere(revokeTokens: boolean): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    authApi
      .session()
      .then(async (result) => {
        if (cancelled) return;
        if (result.user) {
          setCsrfToken((result as Session).csrfToken);
          if (isLocale(result.user.locale)) await applyLocale(result.user.locale);
          setState({ status: 'signed-in', user: result.user, enrolSecondFactor: (result as Session).enrolSecondFactor === true });
        } else {
          setState({ status: 'anonymous' });
        }
      })
      .catch((error: unknown) => !cancelled && setState({ status: 'error', error }));
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(() => {
    // A session that ended elsewhere (sign out everywhere, deactivation) sends the user to login.
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      // The kept session answer would otherwise sign the next offline boot back in.
      void forgetApiCache();
      setState({ status: 'anonymous' });
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  /**
   * Unmounts the signed-in screens at once, so open pages close their live connections before the
   * server ends the session's sockets (a provider still sending into a closing socket logs errors).
   */
  const leaveScreens = useCallback(() => flushSync(() => setState({ status: 'anonymous' })), []);

  const signedIn = useCallback(async (info: Session) => {
    setCsrfToken(info.csrfToken);
    if (isLocale(info.user.locale)) await applyLocale(info.user.locale);
    setState({ status: 'signed-in', user: info.user, enrolSecondFactor: info.enrolSecondFactor === true });
  }, []);

  const secondFactorEnrolled = useCallback(() => setState((current) => (current.status === 'signed-in' ? { ...current, enrolSecondFactor: false } : current)), []);

  const signOut = useCallback(async () => {
    leaveScreens();
    let ended: LogoutResult | undefined;
    try {
      ended = await authApi.logout();
    } finally {
      setCsrfToken(null);
      // Shared office PCs: local document copies and kept answers leave with the user. The
      // open page closed its local copy as it unmounted; the deletion completes then.
      await clearOfflineData();
    }
    // Signed in through the OpenID Connect provider: sign out there too; it sends the browser back.
    if (ended?.endSessionUrl) window.location.assign(ended.endSessionUrl);
  }, []);

  const setLocale = useCallback(async (locale: 'de' | 'en') => {
    const user = await authApi.updateMe({ locale });
    await applyLocale(locale);
    setState({ status: 'signed-in', user });
  }, []);

  const updateProfile = useCallback(async (changes: { displayName?: string; locale?: 'de' | 'en' }) => {
    const user = await authApi.updateMe(changes);
    if (isLocale(user.locale)) await applyLocale(user.locale);
    setState({ status: 'signed-in', user });
  }, []);

  const signOutEverywhere = useCallback(async (revokeTokens: boolean) => {
    await authApi.logoutEverywhere(revokeTokens);
    leaveScreens();
    setCsrfToken(null);
    await clearOfflineData();
  }, []);

  const value = useMemo<SessionApi>(
    () => ({
      state,
      user: state.status === 'signed-in' ? state.user : null,
      signedIn,
      secondFactorEnrolled,
      signOut,
      setLocale,
      updateProfile,
      signOutEverywhere,
      retry: () => setAttempt((n) => n + 1),
    }),
    [state, signedIn, secondFactorEnrolled, signOut, setLocale, updateProfile, signOutEverywhere],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user inside the authenticated part of the app. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
