import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet.ts';

describe('search snippets in the client', () => {
  it('splits marks from text and decodes entities', () => {
    expect(snippetParts('Der <mark>Mietvertrag</mark> &amp; die &lt;Satzung&gt;')).toEqual([
      { text: 'Der ', mark: false },
      { text: 'Mietvertrag', mark: true },
      { text: ' & die <Satzung>', mark: false },
    ]);
  });

  it('keeps any other tag-like text as text', () => {
    expect(snippetParts('<b>fett</b> <mark>&lt;script&gt;</mark>')).toEqual([
      { text: '<b>fett</b> ', mark: false },
      { text: '<script>', mark: true },
    ]);
  });
});
