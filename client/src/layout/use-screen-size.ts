/**
 * Which of the three layouts the window is in: phones (below 768 px) get the navigation as a
 * modal drawer, tablets (768–1100 px) a sidebar that can be folded away, wider screens the
 * fixed sidebar. The breakpoints match the media queries in styles/responsive.css.
 */
import { useSyncExternalStore } from 'react';

export type ScreenSize = 'phone' | 'tablet' | 'desktop';

const PHONE = '(max-width: 767.98px)';
const TABLET = '(min-width: 768px) and (max-width: 1100px)';

function current(): ScreenSize {
  if (window.matchMedia(PHONE).matches) return 'phone';
  if (window.matchMedia(TABLET).matches) return 'tablet';
  return 'desktop';
}

function subscribe(onChange: () => void): () => void {
  const queries = [window.matchMedia(PHONE), window.matchMedia(TABLET)];
  queries.forEach((query) => query.addEventListener('change', onChange));
  return () => queries.forEach((query) => query.removeEventListener('change', onChange));
}

export function useScreenSize(): ScreenSize {
  return useSyncExternalStore(subscribe, current, () => 'desktop');
}

const TOUCH = '(pointer: coarse), (any-pointer: coarse)';

/** True on a touch screen (phones, tablets): the devices that carry a camera into the field. */
export function useTouchScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const query = window.matchMedia(TOUCH);
      query.addEventListener('change', onChange);
      return () => query.removeEventListener('change', onChange);
    },
    () => window.matchMedia(TOUCH).matches,
    () => false,
  );
}
