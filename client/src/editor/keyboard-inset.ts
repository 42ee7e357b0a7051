/**
 * How much of the window the on-screen keyboard covers, from the visual viewport (the part of
 * the page the user sees): the editor toolbar is pinned right above it on phones, so formatting
 * stays in reach while typing instead of scrolling away under the keyboard.
 */
import { useEffect, useState } from 'react';

/** Less than this is browser chrome (address bar sliding away), not a keyboard. */
export const KEYBOARD_MIN_PX = 120;

export function keyboardInset(layoutHeight: number, viewport: { height: number; offsetTop: number }): number {
  const covered = Math.round(layoutHeight - viewport.height - viewport.offsetTop);
  return covered >= KEYBOARD_MIN_PX ? covered : 0;
}

/** The keyboard's height in CSS pixels while it is open, else 0. `active`: only measured then. */
export function useKeyboardInset(active: boolean): number {
  const [inset, setInset] = useState(0);
  useEffect(() => {
    const viewport = window.visualViewport;
    if (!active || !viewport) {
      setInset(0);
      return;
    }
    const update = () => setInset(keyboardInset(window.innerHeight, viewport));
    update();
    viewport.addEventListener('resize', update);
    viewport.addEventListener('scroll', update);
    return () => {
      viewport.removeEventListener('resize', update);
      viewport.removeEventListener('scroll', update);
    };
  }, [active]);
  return inset;
}

/** Room kept between the caret and the toolbar above the keyboard. */
const CARET_MARGIN_PX = 12;

/**
 * How far to scroll so a caret whose bottom edge is at `caretBottom` shows above a toolbar of
 * `toolbarHeight` sitting on a keyboard `inset` high; 0 when it is visible already.
 */
export function caretScroll(caretBottom: number, layoutHeight: number, inset: number, toolbarHeight: number): number {
  const visibleBottom = layoutHeight - inset - toolbarHeight - CARET_MARGIN_PX;
  return inset > 0 && caretBottom > visibleBottom ? Math.ceil(caretBottom - visibleBottom) : 0;
}
