import { describe, expect, it } from 'vitest';
import { RelayGaps } from './relay-gaps.ts';

describe('gaps in another instance’s relayed updates', () => {
  it('none while its numbers arrive in order from the document’s opening, confirmed or not', () => {
    const gaps = new RelayGaps();
    expect(gaps.received('b', 1, 3)).toBe(false);
    expect(gaps.confirmed('b', 2)).toBe(false);
    expect(gaps.received('b', 4, 4)).toBe(false);
    expect(gaps.confirmed('b', 4)).toBe(false);
    expect(gaps.confirmed('b', 0)).toBe(false);
  });

  it('numbers from before this instance listened are read from the log once the other confirms storing them', () => {
    const gaps = new RelayGaps();
    expect(gaps.received('b', 5, 6)).toBe(false);
    expect(gaps.confirmed('b', 3)).toBe(false);
    expect(gaps.confirmed('b', 4)).toBe(true);
    expect(gaps.confirmed('b', 6)).toBe(false);
  });

  it('a confirmation of numbers that never arrived, with or without earlier ones, calls for a read', () => {
    const gaps = new RelayGaps();
    expect(gaps.confirmed('c', 2)).toBe(true);
    expect(gaps.confirmed('c', 2)).toBe(false);
    expect(gaps.received('c', 3, 3)).toBe(false);
    expect(gaps.confirmed('c', 5)).toBe(true);
  });

  it('a number skipped later (a message lost) waits for its confirmation; other instances are counted apart', () => {
    const gaps = new RelayGaps();
    gaps.received('b', 1, 2);
    gaps.received('c', 1, 1);
    expect(gaps.received('b', 5, 5)).toBe(false);
    expect(gaps.confirmed('c', 1)).toBe(false);
    expect(gaps.confirmed('b', 3)).toBe(false);
    expect(gaps.confirmed('b', 4)).toBe(true);
  });

  it('a document opened again on the other instance starts at 1; a gap left open there is read at once', () => {
    const gaps = new RelayGaps();
    gaps.received('b', 7, 8);
    expect(gaps.received('b', 1, 1)).toBe(true);
    expect(gaps.received('b', 2, 2)).toBe(false);
    expect(gaps.confirmed('b', 2)).toBe(false);
  });
});
