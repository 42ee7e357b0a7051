import { describe, expect, it } from 'vitest';
import { commentMentions, commentPlainText, formatMention, parseCommentText } from './comment-text.ts';

const KARL = '0b7c3a52-4a53-4a5e-9d56-1f0e7f3b2c11';

describe('comment Markdown-light', () => {
  it('reads bold, italic, code, links and mentions', () => {
    expect(parseCommentText(`**Gebühr** ist *neu*, siehe [Satzung](https://example.org/s) und \`§ 3\`, @[Karl Kunz](${KARL})`)).toEqual([
      { type: 'bold', children: [{ type: 'text', text: 'Gebühr' }] },
      { type: 'text', text: ' ist ' },
      { type: 'italic', children: [{ type: 'text', text: 'neu' }] },
      { type: 'text', text: ', siehe ' },
      { type: 'link', href: 'https://example.org/s', text: 'Satzung' },
      { type: 'text', text: ' und ' },
      { type: 'code', text: '§ 3' },
      { type: 'text', text: ', ' },
      { type: 'mention', userId: KARL, name: 'Karl Kunz' },
    ]);
  });

  it('keeps unsafe links and HTML as plain text', () => {
    expect(parseCommentText('[klick](javascript:alert(1)) <img src=x onerror=alert(1)>')).toEqual([
      { type: 'text', text: '[klick](javascript:alert(1)) <img src=x onerror=alert(1)>' },
    ]);
  });

  it('lists each mentioned person once and writes plain text', () => {
    const body = `${formatMention('Karl [K]', KARL)} und nochmal @[Karl](${KARL.toUpperCase()})`;
    expect(commentMentions(body)).toEqual([KARL]);
    expect(commentPlainText(body)).toBe('@Karl  K und nochmal @Karl');
  });
});
