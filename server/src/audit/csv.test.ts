import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from './csv.ts';

describe('csv', () => {
  it('quotes every cell and doubles quotes', () => {
    expect(csvLine(['a', 'b "c"', null, 3])).toBe('"a","b ""c""","","3"\r\n');
  });

  it('defuses cells a spreadsheet would evaluate', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe(`"'+1"`);
    expect(csvCell('-2')).toBe(`"'-2"`);
    expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('Bürgeramt = gut')).toBe('"Bürgeramt = gut"');
  });

  it('writes objects as JSON and dates as ISO strings', () => {
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvCell(new Date('2025-01-02T03:04:05Z'))).toBe('"2025-01-02T03:04:05.000Z"');
  });
});
