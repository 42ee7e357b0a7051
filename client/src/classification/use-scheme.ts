/**
 * The classification scheme (labels of the levels), loaded once per session and shared by every
 * screen that shows a level; the admin screen replaces it after saving.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { ClassificationKey, ClassificationScheme } from '@stafette/api';
import { classificationApi } from './api.ts';

/** The shipped labels: shown until the scheme has loaded (and if it cannot be loaded). */
const SHIPPED: ClassificationScheme = {
  levels: [
    { key: 'oeffentlich', rank: 0, label: 'Öffentlich' },
    { key: 'intern', rank: 1, label: 'Intern' },
    { key: 'vertraulich', rank: 2, label: 'Vertraulich' },
    { key: 'streng-vertraulich', rank: 3, label: 'Streng vertraulich' },
  ],
  defaultLevel: 'intern',
};

let loaded: Promise<ClassificationScheme> | null = null;
let current: ClassificationScheme = SHIPPED;
const listeners = new Set<() => void>();

function load(): Promise<ClassificationScheme> {
  loaded ??= classificationApi.scheme().then(
    (scheme) => {
      setScheme(scheme);
      return scheme;
    },
    () => {
      loaded = null;
      return current;
    },
  );
  return loaded;
}

/** After an administrator saved the scheme: every screen shows the new labels. */
export function setScheme(scheme: ClassificationScheme): void {
  current = scheme;
  loaded = Promise.resolve(scheme);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useClassificationScheme(): ClassificationScheme {
  // An external store, so a scheme that arrives between a screen's render and its effect is not missed.
  const scheme = useSyncExternalStore(subscribe, () => current);
  useEffect(() => {
    void load();
  }, []);
  return scheme;
}

/** The label of a level as the administrators named it. */
export function useLevelLabel(): (key: ClassificationKey) => string {
  const scheme = useClassificationScheme();
  return (key) => scheme.levels.find((level) => level.key === key)?.label ?? key;
}

export function rankOf(scheme: ClassificationScheme, key: ClassificationKey): number {
  return scheme.levels.find((level) => level.key === key)?.rank ?? 0;
}
