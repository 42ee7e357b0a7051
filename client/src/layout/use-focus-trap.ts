/**
 * Keeps Tab and Shift+Tab inside the given elements while `active` (the open navigation drawer
 * and the button that toggles it), and calls `onEscape` on Escape. A modal dialog opened from
 * inside (new space, notifications) traps focus itself, so keys aimed at it are left alone.
 */
import { useEffect, type RefObject } from 'react';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(containers: Array<HTMLElement | null>): HTMLElement[] {
  return containers.flatMap((container) => {
    if (!container) return [];
    const own = container.matches(FOCUSABLE) ? [container] : [];
    const inner = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.getClientRects().length > 0);
    return [...own, ...inner];
  });
}

export function useFocusTrap(containers: Array<RefObject<HTMLElement | null>>, active: boolean, onEscape: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const target = event.target as Element | null;
      if (target?.closest('dialog[open]')) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        onEscape();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = focusables(containers.map((ref) => ref.current));
      if (items.length === 0) return;
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const index = items.indexOf(document.activeElement as HTMLElement);
      if (index === -1) {
        event.preventDefault();
        first.focus();
      } else if (event.shiftKey && index === 0) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && index === items.length - 1) {
        event.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [active, containers, onEscape]);
}
