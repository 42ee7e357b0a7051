import { describe, expect, it } from 'vitest';
import { textDiff } from './text-diff.ts';

const names = { before: 'Version 1', after: 'Aktuell' };

describe('textDiff', () => {
  it('reports identical texts', () => {
    const d = textDiff('Titel\nAbsatz', 'Titel\nAbsatz\n', names);
    expect(d.identical).toBe(true);
    expect(d.lines).toEqual([
      { op: 'equal', text: 'Titel' },
      { op: 'equal', text: 'Absatz' },
    ]);
  });

  it('pairs a changed paragraph with its replacement and marks the changed words', () => {
    const d = textDiff('Antrag stellen\nGebühr: 10 Euro\nEnde', 'Antrag stellen\nGebühr: 12 Euro\nEnde\nNeu', names);
    expect(d.added).toBe(2);
    expect(d.removed).toBe(1);
    const del = d.lines.find((l) => l.op === 'delete')!;
    const ins = d.lines.find((l) => l.op === 'insert')!;
    expect(del.text).toBe('Gebühr: 10 Euro');
    expect(del.words?.filter((w) => w.op === 'delete').map((w) => w.text)).toEqual(['10']);
    expect(ins.words?.filter((w) => w.op === 'insert').map((w) => w.text)).toEqual(['12']);
    expect(d.lines.at(-1)).toEqual({ op: 'insert', text: 'Neu' });
    expect(d.unified).toContain('-Gebühr: 10 Euro');
    expect(d.unified).toContain('+Gebühr: 12 Euro');
    expect(d.unified).toContain('--- Version 1');
  });

  it('handles empty sides', () => {
    expect(textDiff('', 'a\nb', names)).toMatchObject({ added: 2, removed: 0 });
    expect(textDiff('a\nb', '', names)).toMatchObject({ added: 0, removed: 2 });
    expect(textDiff('', '', names).identical).toBe(true);
  });
});
