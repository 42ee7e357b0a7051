/** React views of the kept spaces, their downloads and the edits waiting for a connection. */
import { useCallback, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { keepProgress, keptSpaces, subscribeKept, type KeepProgress, type KeptSpace } from './kept-spaces.ts';
import { pendingPages, subscribePending } from './pending-edits.ts';

export function useKeptSpaces(userId: string): Record<string, KeptSpace> {
  return useSyncExternalStore(subscribeKept, () => keptSpaces(userId));
}

export function useKeepProgress(spaceId: string): KeepProgress | null {
  return useSyncExternalStore(subscribeKept, () => keepProgress(spaceId));
}

export function usePendingPages(userId: string): readonly string[] {
  return useSyncExternalStore(subscribePending, () => pendingPages(userId));
}

/** "1,2 MB" / "340 kB": stored sizes as a person reads them. */
export function useSizeFormat(): (bytes: number) => string {
  const { i18n } = useTranslation();
  return useCallback(
    (bytes: number) => {
      const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
      if (bytes < 1_000_000) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1000)));
      return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1_000_000);
    },
    [i18n.language],
  );
}
