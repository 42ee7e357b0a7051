import { isSafeHref } from './urls.ts';

/**
 * Markdown-light of comments: **bold**, *italic* (or _italic_), `code`, [text](url) links and
 * mentions `@[Display Name](user-id)`. Parsed into tokens, never into HTML: the client renders
 * the tokens as elements, mail and search take their text, so no markup of a comment reaches a
 * page as HTML. Links keep only safe schemes (isSafeHref); anything else stays plain text.
 */
export type CommentToken =
  | { type: 'text'; text: string }
  | { type: 'bold'; children: CommentToken[] }
  | { type: 'italic'; children: CommentToken[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; text: string }
  | { type: 'mention'; userId: string; name: string }
  | { type: 'break' };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// Order matters: code first (its content is literal), then mentions, links, bold, italic.
const INLINE = new RegExp(
  [
    '`([^`\\n]+)`',
    `@\\[([^\\]\\n]{1,200})\\]\\((${UUID})\\)`,
    '\\[([^\\]\\n]{1,500})\\]\\(([^)\\s]{1,2000})\\)',
    '\\*\\*([^\\n]+?)\\*\\*',
    '(?<![\\w*])\\*([^*\\n]+?)\\*(?![\\w*])',
    '(?<!\\w)_([^_\\n]+?)_(?!\\w)',
    '(\\n)',
  ].join('|'),
  'g',
);

export function parseCommentText(body: string, depth = 0): CommentToken[] {
  const out: CommentToken[] = [];
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const prev = out[out.length - 1];
    if (prev?.type === 'text') prev.text += text;
    else out.push({ type: 'text', text });
  };
  for (const m of body.matchAll(INLINE)) {
    push(body.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[1] !== undefined) out.push({ type: 'code', text: m[1] });
    else if (m[2] !== undefined) out.push({ type: 'mention', name: m[2], userId: m[3]!.toLowerCase() });
    else if (m[4] !== undefined) {
      if (isSafeHref(m[5]) && /^(https?:|mailto:|\/)/i.test(m[5]!)) out.push({ type: 'link', href: m[5]!, text: m[4] });
      else push(m[0]);
    } else if (m[6] !== undefined) out.push(depth < 2 ? { type: 'bold', children: parseCommentText(m[6], depth + 1) } : { type: 'text', text: m[6] });
    else if (m[7] !== undefined || m[8] !== undefined) {
      const inner = (m[7] ?? m[8])!;
      out.push(depth < 2 ? { type: 'italic', children: parseCommentText(inner, depth + 1) } : { type: 'text', text: inner });
    } else if (m[9] !== undefined) out.push({ type: 'break' });
  }
  push(body.slice(last));
  return out;
}

/** The user ids mentioned in a comment, each once, in order. */
export function commentMentions(body: string): string[] {
  const ids: string[] = [];
  const walk = (tokens: CommentToken[]) => {
    for (const t of tokens) {
      if (t.type === 'mention' && !ids.includes(t.userId)) ids.push(t.userId);
      if (t.type === 'bold' || t.type === 'italic') walk(t.children);
    }
  };
  walk(parseCommentText(body));
  return ids;
}

/** A comment as plain text (search, export, mail): markup dropped, mentions as "@Name", links as "text (url)". */
export function commentPlainText(body: string): string {
  const text = (tokens: CommentToken[]): string =>
    tokens
      .map((t) => {
        switch (t.type) {
          case 'text':
          case 'code':
            return t.text;
          case 'bold':
          case 'italic':
            return text(t.children);
          case 'link':
            return t.text === t.href ? t.href : `${t.text} (${t.href})`;
          case 'mention':
            return `@${t.name}`;
          case 'break':
            return '\n';
        }
      })
      .join('');
  return text(parseCommentText(body));
}

/** Writes a mention the way comment bodies store it; brackets in the name would end it early. */
export function formatMention(name: string, userId: string): string {
  return `@[${name.replace(/[[\]\n]/g, ' ').trim() || '?'}](${userId})`;
}
