import { describe, expect, it } from 'vitest';
import { applyPatch, createTwoFilesPatch } from 'diff';
import { coarseTextDiff, DEFAULT_DIFF_LIMITS, textDiff } from './text-diff.ts';

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

  it('writes the same unified diff as jsdiff, from the lines it already compared', () => {
    // A small deterministic generator: many short texts with repeated, moved and empty lines.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const text = () => Array.from({ length: Math.floor(next() * 25) }, () => ['Antrag', 'Gebühr', 'Frist', 'Bescheid', ''][Math.floor(next() * 5)]).join('\n');
    for (let n = 0; n < 300; n++) {
      const before = text();
      const after = text();
      const withNewline = (t: string) => (t === '' || t.endsWith('\n') ? t : `${t}\n`);
      const expected = createTwoFilesPatch(names.before, names.after, withNewline(before), withNewline(after), undefined, undefined, { context: 3 });
      expect(textDiff(before, after, names).unified).toBe(expected);
    }
  });

  it('marks one changed word in a paragraph of 10,000 words', () => {
    const paragraph = Array.from({ length: 10_000 }, (_, i) => `wort${i}`).join(' ');
    const d = textDiff(`Titel\n${paragraph}`, `Titel\n${paragraph.replace(' wort5000 ', ' geändert ')}`, names);
    expect(d.coarse).toBe(false);
    const ins = d.lines.find((l) => l.op === 'insert')!;
    expect(ins.words?.filter((w) => w.op === 'insert').map((w) => w.text)).toEqual(['geändert']);
    expect(ins.words?.map((w) => w.text).join('')).toBe(ins.text);
    expect(d.lines.find((l) => l.op === 'delete')!.words?.filter((w) => w.op === 'delete').map((w) => w.text)).toEqual(['wort5000']);
  });

  it('shows two different 8,000-word paragraphs as replaced, without word marks, and says so', () => {
    const words = (prefix: string) => Array.from({ length: 8000 }, (_, i) => `${prefix}${(i * 7919) % 100_003}`).join(' ');
    const before = `Titel\n${words('alt')}\nEnde`;
    const after = `Titel\n${words('neu')}\nEnde`;
    const started = performance.now();
    const d = textDiff(before, after, names);
    // The unbounded word diff took 22 s; the bound is the line-diff budget at most.
    expect(performance.now() - started).toBeLessThan(DEFAULT_DIFF_LIMITS.budgetMs);
    expect(d.coarse).toBe(true);
    expect(d).toMatchObject({ added: 1, removed: 1, identical: false });
    expect(d.lines.map((l) => l.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(d.lines[1]).toEqual({ op: 'delete', text: words('alt') });
    expect(d.lines[2]).toEqual({ op: 'insert', text: words('neu') });
    expect(applyPatch(`${before}\n`, d.unified)).toBe(`${after}\n`);
  });

  it('past the line budget keeps the equal start and end and shows the rest replaced, still a correct patch', () => {
    const lines = (prefix: string) => Array.from({ length: 400 }, (_, i) => `${prefix} ${i}`);
    const before = ['Kopf', 'Einleitung', ...lines('alt'), 'Schluss'].join('\n');
    const after = ['Kopf', 'Einleitung', ...lines('neu'), 'Schluss'].join('\n');
    const d = textDiff(before, after, names, { ...DEFAULT_DIFF_LIMITS, maxLineEdits: 10 });
    expect(d.coarse).toBe(true);
    expect(d).toMatchObject({ added: 400, removed: 400 });
    expect(d.lines.slice(0, 2)).toEqual([
      { op: 'equal', text: 'Kopf' },
      { op: 'equal', text: 'Einleitung' },
    ]);
    expect(d.lines.at(-1)).toEqual({ op: 'equal', text: 'Schluss' });
    expect(applyPatch(`${before}\n`, d.unified)).toBe(`${after}\n`);
    expect(coarseTextDiff(before, after, names)).toEqual(d);
  });

  it('leaves out word marks past the time budget but keeps every changed line', () => {
    const before = Array.from({ length: 50 }, (_, i) => `Zeile ${i} alt`).join('\n');
    const after = Array.from({ length: 50 }, (_, i) => `Zeile ${i} neu`).join('\n');
    const d = textDiff(before, after, names, { ...DEFAULT_DIFF_LIMITS, budgetMs: 0 });
    expect(d.coarse).toBe(true);
    expect(d).toMatchObject({ added: 50, removed: 50 });
    expect(d.lines.every((l) => l.words === undefined)).toBe(true);
    expect(textDiff(before, after, names).coarse).toBe(false);
  });
});
