import { describe, expect, it } from 'vitest';
import { checkDocComplexity, ContentTooComplexError } from './complexity.ts';
import type { PMNodeJSON } from './json.ts';
import { markdownToJSON } from './markdown-parser.ts';

const limits = { maxElements: 1000, maxDepth: 10 };

const paragraphs = (n: number): PMNodeJSON => ({
  type: 'doc',
  content: Array.from({ length: n }, (_, i) => ({ type: 'paragraph', content: [{ type: 'text', text: `Absatz ${i}`, marks: [{ type: 'strong' }] }] })),
});

describe('checkDocComplexity', () => {
  it('counts nodes and marks: 333 bold paragraphs (1 + 333 × 3 = 1000 elements) pass, 334 do not', () => {
    expect(() => checkDocComplexity(paragraphs(333), limits)).not.toThrow();
    expect(() => checkDocComplexity(paragraphs(334), limits)).toThrow(ContentTooComplexError);
  });

  it('refuses nesting past maxDepth, however deep, without overflowing the stack', () => {
    const nested = (depth: number) => {
      let node: PMNodeJSON = { type: 'paragraph' };
      for (let i = 0; i < depth; i++) node = { type: 'blockquote', content: [node] };
      return { type: 'doc', content: [node] };
    };
    expect(() => checkDocComplexity(nested(9), limits)).not.toThrow();
    expect(() => checkDocComplexity(nested(10), limits)).toThrow(/deeper than 10 levels/);
    expect(() => checkDocComplexity(nested(200_000), { maxElements: Infinity, maxDepth: 128 })).toThrow(ContentTooComplexError);
  });

  it('leaves shapes that are not nodes to validation', () => {
    expect(() => checkDocComplexity('doc', limits)).not.toThrow();
    expect(() => checkDocComplexity({ type: 'doc', content: 'x' }, limits)).not.toThrow();
  });
});

describe('markdownToJSON with maxElements', () => {
  const markdown = '# Antrag\n\n- [ ] Formular\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nSiehe www.example.de und [Amt](https://amt.example.org).';

  it('parses Markdown within the bound exactly as without one', () => {
    expect(markdownToJSON(markdown, { maxElements: 1000 })).toEqual(markdownToJSON(markdown));
  });

  it('refuses Markdown past the bound, whether from blocks, links or table cells', () => {
    const blocks = Array.from({ length: 600 }, (_, i) => `Absatz ${i}`).join('\n\n');
    expect(() => markdownToJSON(blocks, { maxElements: 1000 })).toThrow(ContentTooComplexError);
    expect(() => markdownToJSON('www.a.de '.repeat(600), { maxElements: 1000 })).toThrow(ContentTooComplexError);
    expect(() => markdownToJSON('[a](https://b.example) '.repeat(600), { maxElements: 1000 })).toThrow(ContentTooComplexError);
    const wide = `|${'a|'.repeat(400)}\n|${'-|'.repeat(400)}\n|${'x|'.repeat(400)}`;
    expect(() => markdownToJSON(wide, { maxElements: 1000 })).toThrow(ContentTooComplexError);
    // The same Markdown without a bound still parses, and a later bounded parse is not affected.
    expect(markdownToJSON('www.a.de '.repeat(600)).content![0]!.content!.filter((n) => n.marks)).toHaveLength(600);
    expect(markdownToJSON(markdown, { maxElements: 1000 })).toEqual(markdownToJSON(markdown));
  });

  it('a paragraph of 100,000 autolinks parses in seconds (the link rewrite was quadratic: ~30 s)', () => {
    const started = performance.now();
    const doc = markdownToJSON('www.a.de '.repeat(100_000));
    expect(doc.content![0]!.content!.filter((n) => n.marks?.[0]?.type === 'link')).toHaveLength(100_000);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
