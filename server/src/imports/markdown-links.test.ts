import { describe, expect, it } from 'vitest';
import { rewriteMarkdownLinks } from './markdown-links.ts';

describe('rewriteMarkdownLinks', () => {
  const map = (t: string, image: boolean) => (t.startsWith('http') ? null : `${image ? 'img' : 'page'}:${t}`);

  it('rewrites links and images, keeps external ones', () => {
    expect(rewriteMarkdownLinks('Siehe [A](../a.md "T") und ![B](bilder/b%20c.png), [Web](https://x.de).', map)).toBe(
      'Siehe [A](<page:../a.md> "T") und ![B](<img:bilder/b%20c.png>), [Web](https://x.de).',
    );
  });

  it('understands Obsidian links and embeds', () => {
    expect(rewriteMarkdownLinks('[[Gebühren|die Gebühren]] und ![[plan.png]]', map)).toBe('[die Gebühren](<page:Gebühren>) und ![](<img:plan.png>)');
  });

  it('leaves code blocks alone', () => {
    const text = '```\n[x](y.md)\n```\n[x](y.md)';
    expect(rewriteMarkdownLinks(text, map)).toBe('```\n[x](y.md)\n```\n[x](<page:y.md>)');
  });
});
