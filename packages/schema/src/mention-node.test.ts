import { describe, expect, it } from 'vitest';
import { docToHtml } from './html.ts';
import { docToMarkdown } from './markdown-serializer.ts';
import { docToText } from './text.ts';
import { parseDocJSON } from './validate.ts';
import type { PMNodeJSON } from './json.ts';

const KARL = '0b7c3a52-4a53-4a5e-9d56-1f0e7f3b2c11';
const doc = (mention: PMNodeJSON): PMNodeJSON => ({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Frag ' }, mention] }] });

describe('mention node', () => {
  it('keeps the user id and reads as @name in HTML, Markdown and text', () => {
    const d = doc({ type: 'mention', attrs: { id: KARL, label: 'Karl <Kunz>' } });
    expect(parseDocJSON(d).firstChild!.lastChild!.attrs).toEqual({ id: KARL, label: 'Karl <Kunz>' });
    expect(docToHtml(d)).toContain(`<span class="mention" data-mention-id="${KARL}">@Karl &lt;Kunz&gt;</span>`);
    expect(docToMarkdown(d).trim()).toBe('Frag @Karl \\<Kunz>');
    expect(docToText(d)).toContain('Frag @Karl <Kunz>');
  });

  it('refuses a mention without a user id', () => {
    expect(() => parseDocJSON(doc({ type: 'mention', attrs: { id: 'javascript:x', label: 'x' } }))).toThrow();
  });
});
