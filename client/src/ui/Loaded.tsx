/**
 * What a screen shows for data it loads (a `useAsync` state): the loading line, why loading
 * failed, a note when a list came back empty, or the content. One place, so every screen says
 * "loading" and "failed" the same way.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors.ts';
import { NotFound } from './NotFound.tsx';
import type { AsyncState } from './use-async.ts';

/** The loading line; `screen` when it stands in for a whole screen (it then gets the content margins). */
export function Loading({ screen = false }: { screen?: boolean }) {
  const { t } = useTranslation();
  return <p className={screen ? 'content muted' : 'muted'}>{t('common.loading')}</p>;
}

/**
 * A whole screen until what its address names has loaded: the loading line, or the not-found
 * screen with the reason. Use as `if (state.status !== 'done') return <ScreenPending state={state} />`.
 */
export function ScreenPending({ state }: { state: Exclude<AsyncState<unknown>, { status: 'done' }> }) {
  return state.status === 'loading' ? <Loading screen /> : <NotFound error={state.error} />;
}

/** Part of a screen: `children` renders the value once loaded; `empty` is said instead of an empty list. */
export function Loaded<T>({ state, empty, children }: { state: AsyncState<T>; empty?: ReactNode; children(value: T): ReactNode }) {
  const { t } = useTranslation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'error') {
    return (
      <p className="form-error" role="alert">
        {errorMessage(state.error, t)}
      </p>
    );
  }
  if (empty !== undefined && Array.isArray(state.value) && state.value.length === 0) return <p className="muted">{empty}</p>;
  return <>{children(state.value)}</>;
}

/** A value kept elsewhere that is `null` until its first load (the workspace's spaces and tree), as a load state. */
export function asLoadState<T>(value: T | null): AsyncState<T> {
  return value === null ? { status: 'loading' } : { status: 'done', value };
}
