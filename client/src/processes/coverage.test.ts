import { describe, expect, it } from 'vitest';
import { coverageLevel } from './coverage.ts';

const now = new Date('2025-06-15T12:00:00Z');

describe('coverageLevel', () => {
  it('calls a step without pages (or unknown to the coverage) uncovered', () => {
    expect(coverageLevel({ pageCount: 0, lastEditedAt: null }, now)).toBe('none');
    expect(coverageLevel(undefined, now)).toBe('none');
  });

  it('calls pages edited within twelve months current', () => {
    expect(coverageLevel({ pageCount: 2, lastEditedAt: '2025-06-01T00:00:00Z' }, now)).toBe('some');
    expect(coverageLevel({ pageCount: 1, lastEditedAt: '2024-06-16T00:00:00Z' }, now)).toBe('some');
  });

  it('calls pages whose newest edit is older than twelve months stale', () => {
    expect(coverageLevel({ pageCount: 3, lastEditedAt: '2024-06-14T00:00:00Z' }, now)).toBe('stale');
  });
});
