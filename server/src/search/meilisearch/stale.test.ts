import { describe, expect, it } from 'vitest';
import { staleIds } from './stale.ts';

describe('Meilisearch stale detection', () => {
  it('queues missing and outdated pages and indexed pages that are gone', () => {
    const indexed = new Map([
      ['same', 100],
      ['old', 100],
      ['gone', 100],
    ]);
    const live = [
      { id: 'same', changedAt: 100 },
      { id: 'old', changedAt: 101 },
      { id: 'new', changedAt: 5 },
    ];
    expect(staleIds(indexed, live).sort()).toEqual(['gone', 'new', 'old']);
  });
});
