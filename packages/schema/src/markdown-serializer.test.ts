import { describe, expect, it } from 'vitest';
import { MarkdownSerializer } from 'prosemirror-markdown';
import { markdownToJSON } from './markdown-parser.ts';
import { docToMarkdown, markdownSerializer } from './markdown-serializer.ts';
import { parseDocJSON } from './validate.ts';

/** prosemirror-markdown's own serializer state with the same node and mark rules. */
const upstream = new MarkdownSerializer(markdownSerializer.nodes, markdownSerializer.marks, markdownSerializer.options);

describe('docToMarkdown on long documents', () => {
  it('writes exactly what prosemirror-markdown writes, across many output pieces', () => {
    const markdown = [
      '- **a** b\n'.repeat(2000),
      '[a](https://x.example) ![i](https://a.example/b.png) '.repeat(500),
      '> - x\n>   - y\n\n1. a\n2. b\n\n- c\n\n- d\n\n```\ncode\n```',
      'x\\\ny\n\n| a | b |\n| - | - |\n| [l](https://u.example) | **b** |\n\n'.repeat(200),
    ].join('\n\n');
    const node = parseDocJSON(markdownToJSON(markdown));
    const expected = upstream.serialize(node, { tightLists: true });
    expect(expected.length).toBeGreaterThan(50_000);
    expect(markdownSerializer.serialize(node, { tightLists: true })).toBe(expected);
  });

  it('40,000 list items and 40,000 links take seconds, not minutes (the output string was copied per item: 47 s and 11 s)', () => {
    for (const markdown of ['- **a** b\n'.repeat(40_000), '[a](https://x.example) '.repeat(40_000)]) {
      const doc = markdownToJSON(markdown);
      const started = performance.now();
      expect(docToMarkdown(doc).length).toBeGreaterThan(markdown.length / 2);
      expect(performance.now() - started).toBeLessThan(20_000);
    }
  });
});
