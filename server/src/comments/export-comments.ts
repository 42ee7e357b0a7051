import type { Kysely } from 'kysely';
import { commentPlainText, escapeHtml } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import type { Download } from '../http/download.ts';
import { commentsForExport } from './comment-queries.ts';

/**
 * A page export with its comments (`GET /pages/:id/export?comments=true`): the threads follow
 * the body under "Kommentare", each thread with the text that was selected when it was
 * written, author, date and state; replies indented. Comment
 * text goes in as plain text (Markdown-escaped, HTML-escaped), never as markup.
 */
export async function withComments(db: Kysely<DB>, pageId: string, file: Download): Promise<Download> {
  if (typeof file.body !== 'string') return file;
  const rows = await commentsForExport(db, pageId);
  if (rows.length === 0) return file;
  const html = file.extension === 'html';
  const entries = rows.map((r) => {
    const who = r.author_name ?? 'Unbekannt';
    const when = new Date(r.created_at).toISOString().slice(0, 16).replace('T', ' ');
    const state = r.thread_id === null && r.resolved_at ? ' (erledigt)' : '';
    const quote = r.thread_id === null && r.anchor?.quote ? r.anchor.quote : null;
    return { reply: r.thread_id !== null, head: `${who}, ${when}${state}`, quote, text: commentPlainText(r.body) };
  });
  if (html) {
    const section =
      `<section><h2>Kommentare</h2>\n` +
      entries
        .map(
          (e) =>
            `<article${e.reply ? ' style="margin-left:2em"' : ''}><p><strong>${escapeHtml(e.head)}</strong></p>` +
            `${e.quote ? `<blockquote>${escapeHtml(e.quote)}</blockquote>` : ''}<p>${escapeHtml(e.text).replace(/\n/g, '<br>')}</p></article>`,
        )
        .join('\n') +
      `\n</section>\n`;
    return { ...file, body: file.body.replace(/<\/body>\s*<\/html>\s*$/, `${section}</body>\n</html>\n`) };
  }
  const md = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
  const section = entries
    .map((e) => {
      const indent = e.reply ? '  ' : '';
      const lines = [`${indent}- **${md(e.head)}**`];
      if (e.quote) lines.push(`${indent}  > ${md(e.quote).replace(/\n/g, ' ')}`);
      for (const line of e.text.split('\n')) lines.push(`${indent}  ${md(line)}`);
      return lines.join('\n');
    })
    .join('\n');
  return { ...file, body: `${file.body.replace(/\s*$/, '')}\n\n## Kommentare\n\n${section}\n` };
}
