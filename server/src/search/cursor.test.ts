import { describe, expect, it } from 'vitest';
import { InvalidCursorError, type SearchQuery } from './backend.ts';
import { decodeCursor, encodeCursor, MAX_CURSOR_OFFSET } from './cursor.ts';

const query: SearchQuery = { q: 'Wohnsitz anmelden', readable: 'all', spaceId: '00000000-0000-4000-8000-000000000001', limit: 20 };
const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const fingerprintOf = (cursor: string) => (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { f: string }).f;

describe('search cursor', () => {
  it('starts at the first hit without a cursor', () => {
    expect(decodeCursor(query)).toBe(0);
    expect(decodeCursor({ ...query, cursor: '' })).toBe(0);
  });

  it('takes the next page back from the cursor it handed out, whatever the limit or caller', () => {
    const cursor = encodeCursor(query, 40);
    expect(decodeCursor({ ...query, cursor })).toBe(40);
    expect(decodeCursor({ ...query, limit: 5, readable: ['00000000-0000-4000-8000-000000000002'], cursor })).toBe(40);
  });

  it('refuses a cursor from another search: other words, space, process or step', () => {
    const cursor = encodeCursor(query, 20);
    for (const other of [
      { q: 'Wohnsitz abmelden' },
      { spaceId: undefined },
      { processId: '00000000-0000-4000-8000-000000000003' },
      { processId: '00000000-0000-4000-8000-000000000003', stepId: 'pruefen' },
    ]) {
      expect(() => decodeCursor({ ...query, ...other, cursor })).toThrow(InvalidCursorError);
    }
  });

  it('refuses garbage and forged offsets', () => {
    const f = fingerprintOf(encodeCursor(query, 0));
    for (const cursor of [
      'nicht-base64-json',
      '%%%',
      forged(null),
      forged(7),
      forged({ o: 20 }),
      forged({ o: -1, f }),
      forged({ o: 2.5, f }),
      forged({ o: '20', f }),
      forged({ o: MAX_CURSOR_OFFSET + 1, f }),
    ]) {
      expect(() => decodeCursor({ ...query, cursor }), cursor).toThrow(InvalidCursorError);
    }
    expect(decodeCursor({ ...query, cursor: forged({ o: MAX_CURSOR_OFFSET, f }) })).toBe(MAX_CURSOR_OFFSET);
  });
});
