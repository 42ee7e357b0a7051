import { describe, expect, it } from 'vitest';
import { MARK_END, MARK_START, safeHighlight, stripSentinels } from './marks.ts';
import { snippetOf } from './meilisearch/backend.ts';

const m = (s: string) => `${MARK_START}${s}${MARK_END}`;

describe('highlight marks in snippets', () => {
  it('turns sentinel-marked matches into <mark> and escapes everything else', () => {
    expect(safeHighlight(`Der ${m('Mietvertrag')} <b>gilt</b> & "so"`)).toBe('Der <mark>Mietvertrag</mark> &lt;b&gt;gilt&lt;/b&gt; &amp; &quot;so&quot;');
  });

  it('never lets page text produce markup, not even a literal <mark>', () => {
    const out = safeHighlight(`<mark>x</mark><script>alert(1)</script> ${m('<img src=x onerror=1>')}`);
    expect(out).toBe('&lt;mark&gt;x&lt;/mark&gt;&lt;script&gt;alert(1)&lt;/script&gt; <mark>&lt;img src=x onerror=1&gt;</mark>');
    expect(out).not.toMatch(/<(?!\/?mark>)/);
  });

  it('drops unbalanced sentinels from a crop cutting through a match', () => {
    expect(safeHighlight(`Ende ${MARK_END}und ${MARK_START}Anfang`)).toBe('Ende und Anfang');
    expect(safeHighlight(`${MARK_START}a ${m('b')}`)).toBe('a <mark>b</mark>');
    expect(safeHighlight(`${MARK_START}${MARK_END}x`)).toBe('x');
  });

  it('strips sentinels from indexed text so a page cannot forge a highlight', () => {
    expect(stripSentinels(`a${MARK_START}<b>${MARK_END}c`)).toBe('a<b>c');
  });

  it('prefers the body excerpt, falls back to a matching heading', () => {
    expect(snippetOf({ body: `… die ${m('Satzung')} …`, headings: [] })).toBe('… die <mark>Satzung</mark> …');
    expect(snippetOf({ body: 'Anfang des Texts', headings: ['Einleitung', `${m('Gebühren')} & Kosten`] })).toBe('<mark>Gebühren</mark> &amp; Kosten — Anfang des Texts');
    expect(snippetOf(undefined)).toBe('');
  });
});
