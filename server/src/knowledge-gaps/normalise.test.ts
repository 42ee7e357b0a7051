import { describe, expect, it } from 'vitest';
import { normaliseQuery } from './normalise.ts';

describe('normaliseQuery', () => {
  it('counts the same question typed differently once', () => {
    expect(normaliseQuery('  Sondernutzung   Gehweg ')).toBe('sondernutzung gehweg');
    expect(normaliseQuery('„Sondernutzung Gehweg“')).toBe('sondernutzung gehweg');
    expect(normaliseQuery('SONDERNUTZUNG gehweg')).toBe('sondernutzung gehweg');
  });

  it('leaves out single letters and pasted text', () => {
    expect(normaliseQuery('a')).toBeNull();
    expect(normaliseQuery(' " ')).toBeNull();
    expect(normaliseQuery('x'.repeat(201))).toBeNull();
  });
});
