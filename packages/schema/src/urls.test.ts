import { describe, expect, it } from 'vitest';
import { isSafeHref, isSafeImageSrc, pageHref, parsePageHref, parseStepHref, stepHref } from './urls.ts';

describe('isSafeHref', () => {
  it.each([
    'https://example.org/a?b#c',
    'http://example.org',
    'HTTPS://EXAMPLE.ORG',
    'mailto:amt@example.org',
    'tel:+49301234',
    '/pages/abc',
    'relative/path',
    '../up',
    '?q=1',
    '#anchor',
    '//example.org/protocol-relative',
    'a/b:c',
  ])('accepts %s', (href) => expect(isSafeHref(href)).toBe(true));

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0000javascript:alert(1)',
    'vbscript:msgbox',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'ftp://example.org',
  ])('rejects %j', (href) => expect(isSafeHref(href)).toBe(false));

  it('rejects non-strings', () => {
    expect(isSafeHref(null)).toBe(false);
    expect(isSafeHref(42)).toBe(false);
  });
});

describe('isSafeImageSrc', () => {
  it('allows http(s) and relative sources only', () => {
    expect(isSafeImageSrc('https://example.org/a.png')).toBe(true);
    expect(isSafeImageSrc('/files/a.png')).toBe(true);
    expect(isSafeImageSrc('mailto:x@y')).toBe(false);
    expect(isSafeImageSrc('data:image/svg+xml,<svg/>')).toBe(false);
  });
});

describe('page and step paths', () => {
  it('round-trip ids that need encoding', () => {
    expect(pageHref('a b/c')).toBe('/pages/a%20b%2Fc');
    expect(parsePageHref(pageHref('a b/c'))).toBe('a b/c');
    expect(stepHref('Prozess 1', 'Task_1')).toBe('/processes/Prozess%201/steps/Task_1');
    expect(parseStepHref(stepHref('Prozess 1', 'Task_1'))).toEqual({ processId: 'Prozess 1', elementId: 'Task_1' });
  });

  it('do not match other paths', () => {
    expect(parsePageHref('https://example.org/pages/x')).toBeNull();
    expect(parsePageHref('/pages/x/edit')).toBeNull();
    expect(parsePageHref('/pages/%E0%A4%A')).toBeNull();
    expect(parseStepHref('/processes/p')).toBeNull();
  });
});
