/**
 * Rewrites the link and image targets of Markdown text (inline `[text](target)`,
 * `![alt](target)`, and Obsidian's `[[Seite|Text]]` and `![[bild.png]]`), outside code. `map`
 * returns the new target, or null to keep the link as written. Linear in the text: one pass
 * of bounded regular expressions per line group.
 */
export function rewriteMarkdownLinks(text: string, map: (target: string, image: boolean) => string | null): string {
  // Fenced code blocks stay as they are.
  const parts = text.split(/(^```[^\n]*\n[\s\S]*?^```[ \t]*$)/m);
  return parts.map((part, i) => (i % 2 === 1 ? part : rewritePart(part, map))).join('');
}

const INLINE = String.raw`(!?)\[([^\]\n]{0,1000})\]\(\s*(<[^>\n]{0,2000}>|[^\s)]{1,2000})((?:\s+(?:"[^"\n]{0,500}"|'[^'\n]{0,500}'))?)\s*\)`;
const WIKI = String.raw`(!?)\[\[([^\]|\n]{1,500})(?:\|([^\]\n]{0,500}))?\]\]`;
/** Both kinds in one pass, so a rewritten wiki link is not rewritten again. */
const LINK = new RegExp(`${WIKI}|${INLINE}`, 'g');

function rewritePart(text: string, map: (target: string, image: boolean) => string | null): string {
  return text.replace(LINK, (whole, ...groups: (string | undefined)[]) => {
    const [wBang, wTarget, wLabel, bang, label, rawTarget, title] = groups;
    if (wTarget !== undefined) {
      const image = wBang === '!';
      const name = wTarget.split('#')[0]!.trim();
      const mapped = map(name, image);
      if (mapped === null) return whole;
      const shown = (wLabel ?? (image ? '' : name)).replace(/[[\]]/g, '');
      return `${image ? '!' : ''}[${shown}](<${mapped}>)`;
    }
    const target = rawTarget!.startsWith('<') ? rawTarget!.slice(1, -1) : rawTarget!;
    const mapped = map(target, bang === '!');
    if (mapped === null) return whole;
    return `${bang}[${label}](<${mapped}>${title ?? ''})`;
  });
}
