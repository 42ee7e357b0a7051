import { describe, expect, it } from 'vitest';
import { caretScroll, keyboardInset } from './keyboard-inset.ts';

describe('keyboardInset', () => {
  it('is the part of the window below the visible viewport when a keyboard covers it', () => {
    expect(keyboardInset(844, { height: 500, offsetTop: 0 })).toBe(344);
    // Scrolled within the visible viewport: what lies below it still counts.
    expect(keyboardInset(844, { height: 500, offsetTop: 40 })).toBe(304);
  });

  it('is 0 without a keyboard (full viewport, or the address bar sliding away)', () => {
    expect(keyboardInset(844, { height: 844, offsetTop: 0 })).toBe(0);
    expect(keyboardInset(844, { height: 790, offsetTop: 0 })).toBe(0);
  });
});

describe('caretScroll', () => {
  it('scrolls a caret hidden behind the keyboard or its toolbar up above them', () => {
    // 844 high, keyboard 344, toolbar 46: the caret must end above 844 - 344 - 46 - 12 = 442.
    expect(caretScroll(700, 844, 344, 46)).toBe(258);
    expect(caretScroll(400, 844, 344, 46)).toBe(0);
    expect(caretScroll(700, 844, 0, 46)).toBe(0);
  });
});
