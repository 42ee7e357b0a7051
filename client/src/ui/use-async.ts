/** Loads data for a screen and re-loads when the dependencies change; ignores stale answers. */
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export type AsyncState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; value: T };

export function useAsync<T>(load: () => Promise<T>, deps: DependencyList): AsyncState<T> & { reload(): void; set(value: T): void } {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const lastAttempt = useRef(attempt);
  useEffect(() => {
    let cancelled = false;
    // A reload keeps showing the current value; new dependencies (another page) must not
    // show the previous one meanwhile.
    const isReload = lastAttempt.current !== attempt;
    lastAttempt.current = attempt;
    if (!isReload) setState({ status: 'loading' });
    load().then(
      (value) => !cancelled && setState({ status: 'done', value }),
      (error: unknown) => !cancelled && setState({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, attempt]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const set = useCallback((value: T) => setState({ status: 'done', value }), []);
  return { ...state, reload, set };
}
