/**
 * One thing a user starts that asks the server (a form submit, a confirm button): `busy` while it
 * runs, so its button can be disabled against a second click, and what to show when it failed.
 * A new attempt clears the previous failure.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from './errors.ts';

export interface Action<E> {
  busy: boolean;
  error: E | null;
  /** For failures found before asking the server (an empty required field). */
  setError(error: E | null): void;
  /** Runs `work`; resolves true when it succeeded, false when it failed (the error is then set). */
  run(work: () => Promise<unknown>): Promise<boolean>;
}

/** `describe` turns what the call threw into what the user is told (null: nothing); the default is `errorMessage`. */
export function useAction(): Action<string>;
export function useAction<E>(describe: (error: unknown) => E | null): Action<E>;
export function useAction<E>(describe?: (error: unknown) => E | null): Action<E | string> {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<E | string | null>(null);
  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (caught) {
      setError(describe ? describe(caught) : errorMessage(caught, t));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
