import { randomBytes } from 'node:crypto';
import { docToHtml, escapeHtml, type PMNodeJSON } from '@stafette/schema';
import { hyphenateDoc } from './hyphenate.ts';
import { attachmentIdOf, type PrintDocument } from './print-document.ts';

/**
 * The print document as one HTML page for Chromium's PDF printer. Page bodies go through the
 * schema's sanitising `docToHtml`; only tables are written here (their header rows as `thead`,
 * which Chromium repeats on every page) and images are pointed at the printer's own origin
 * (pdf.ts answers those requests from memory; nothing else is loaded).
 */
export const PRINT_ORIGIN = 'https://export.invalid';
export const imageUrl = (attachmentId: string) => `${PRINT_ORIGIN}/image/${attachmentId}`;
export const DIAGRAM_URL = `${PRINT_ORIGIN}/diagram.svg`;

const CSS = `
@page { size: A4; margin: 24mm 18mm 22mm 22mm; }
/* No ligatures: text copied or extracted from the PDF (search, screen readers, the e-file) stays whole words. */
html { font-family: 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; font-variant-ligatures: none; }
body { margin: 0; hyphens: auto; -webkit-hyphens: auto; overflow-wrap: break-word; }
h1, h2, h3, h4, h5, h6 { break-after: avoid; break-inside: avoid; hyphens: manual; line-height: 1.25; margin: 1.1em 0 0.4em; }
h1 { font-size: 18pt; } h2 { font-size: 14.5pt; } h3 { font-size: 12.5pt; } h4 { font-size: 11.5pt; } h5, h6 { font-size: 10.5pt; }
.doc-title { font-size: 22pt; margin-top: 0; }
.marking { font-weight: bold; }
.facts { color: #333; margin: 0 0 0.6em; }
section.part { break-before: page; }
section.part.first { break-before: auto; }
p { margin: 0 0 0.55em; orphans: 2; widows: 2; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.75pt solid #888; padding: 3pt 5pt; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
th p:last-child, td p:last-child { margin-bottom: 0; }
pre { white-space: pre-wrap; font-family: 'Liberation Mono', 'DejaVu Sans Mono', monospace; font-size: 9pt; background: #f3f3f3; border: 0.75pt solid #ccc; padding: 5pt 7pt; hyphens: none; }
code { font-family: 'Liberation Mono', 'DejaVu Sans Mono', monospace; font-size: 0.92em; hyphens: none; }
blockquote { margin: 0.5em 0 0.8em; padding: 0.1em 0 0.1em 10pt; border-left: 2.5pt solid #999; color: #333; }
ul.task-list { list-style: none; padding-left: 0.4em; }
li.task-item input { margin: 0 0.45em 0 0; vertical-align: -1pt; }
li.task-item > p { display: inline; }
img { max-width: 100%; height: auto; break-inside: avoid; }
a { color: #0b4f9c; }
.diagram { margin: 1em 0; text-align: center; break-inside: avoid; }
.diagram img { max-height: 220mm; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc li { margin: 0.15em 0; }
nav.toc a { color: #111; text-decoration: none; display: flex; align-items: baseline; gap: 0.5em; }
nav.toc .toc-title { flex: 1; border-bottom: 0.75pt dotted #999; }
nav.toc .toc-page { flex: none; width: 3em; text-align: right; }
hr { border: 0; border-top: 0.75pt solid #999; }
`;

/**
 * `pageNumbers`: the page each section starts on, for the table of contents (pdf.ts prints twice:
 * first with hidden placeholders of the same width, so the second print breaks pages the same).
 */
export function printHtml(document: PrintDocument, pageNumbers?: (number | null)[]): string {
  const nonce = randomBytes(8).toString('hex');
  const parts: string[] = [];
  const single = !document.toc && document.sections.length === 1 && !document.diagram;
  if (!single) {
    parts.push(`<header><h1 class="doc-title">${escapeHtml(document.title)}</h1><p class="marking">${escapeHtml(document.marking)}</p></header>`);
    if (document.diagram?.svg) parts.push(`<figure class="diagram"><img src="${DIAGRAM_URL}" alt="Prozessdiagramm"></figure>`);
    if (document.toc) {
      const entries = document.sections
        .map((s, i) => {
          const page = pageNumbers?.[i];
          const number = page ? `<span class="toc-page">${page}</span>` : '<span class="toc-page" aria-hidden="true" style="visibility:hidden">000</span>';
          return `<li style="padding-left:${s.depth * 1.2}em"><a href="#part-${i}"><span class="toc-title">${escapeHtml(s.title)}</span>${number}</a></li>`;
        })
        .join('');
      parts.push(`<nav class="toc" aria-label="Inhalt"><h2>Inhalt</h2><ol>${entries}</ol></nav>`);
    }
  } else {
    parts.push(`<p class="marking">${escapeHtml(document.marking)}</p>`);
  }
  document.sections.forEach((section, i) => {
    const level = Math.min(section.depth + 1, 3);
    const facts = (section.facts ?? []).map((f) => `<p class="facts">${escapeHtml(f)}</p>`).join('');
    const body = section.doc ? bodyHtml(section.doc, document, nonce, level) : '';
    const first = i === 0 && single ? ' first' : '';
    parts.push(`<section class="part${first}" id="part-${i}"><h${level}>${escapeHtml(section.title)}</h${level}>${facts}${body}</section>`);
  });
  return (
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${escapeHtml(document.title)}</title><style>${CSS}</style></head>` +
    `<body>${parts.join('\n')}</body></html>`
  );
}

/**
 * A body's HTML with its headings below the section's (`shift`) and its tables written here.
 * Tables are cut out of the document first and stand in as a paragraph holding a token with a
 * per-export nonce, which no text of the page can forge; the schema's HTML is then completed.
 */
function bodyHtml(doc: PMNodeJSON, document: PrintDocument, nonce: string, shift: number): string {
  const tables: PMNodeJSON[] = [];
  const prepared = prepare(hyphenateDoc(doc), document, nonce, tables);
  let html = docToHtml(prepared);
  // Every "<" of page text is escaped by docToHtml: these tags are its own.
  html = html.replace(/<(\/?)h([1-6])>/g, (_, close: string, n: string) => `<${close}h${Math.min(6, Number(n) + shift)}>`);
  return html.replace(new RegExp(`<p>\\u2063${nonce}:(\\d+)\\u2063</p>`, 'g'), (_, n: string) => tableHtml(tables[Number(n)]!, document, nonce, shift));
}

function prepare(node: PMNodeJSON, document: PrintDocument, nonce: string, tables: PMNodeJSON[]): PMNodeJSON {
  if (node.type === 'table') {
    tables.push(node);
    return { type: 'paragraph', content: [{ type: 'text', text: `\u2063${nonce}:${tables.length - 1}\u2063` }] };
  }
  if (node.type === 'image') {
    const id = attachmentIdOf(node.attrs?.src);
    if (id && document.images.has(id)) return { ...node, attrs: { ...node.attrs, src: imageUrl(id) } };
    const alt = typeof node.attrs?.alt === 'string' && node.attrs.alt ? node.attrs.alt : 'Bild';
    return { type: 'text', text: `[${alt}]`, ...(node.marks ? { marks: node.marks } : {}) };
  }
  return node.content ? { ...node, content: node.content.map((child) => prepare(child, document, nonce, tables)) } : node;
}

function tableHtml(table: PMNodeJSON, document: PrintDocument, nonce: string, shift: number): string {
  const rows = table.content ?? [];
  let head = 0;
  while (head < rows.length && (rows[head]!.content ?? []).length > 0 && rows[head]!.content!.every((c) => c.type === 'table_header')) head++;
  // A table of header cells only keeps its rows in the body: nothing to repeat.
  if (head === rows.length) head = 0;
  const row = (r: PMNodeJSON) =>
    `<tr>${(r.content ?? [])
      .map((cell) => {
        const tag = cell.type === 'table_header' ? 'th' : 'td';
        const span = (name: string) => (Number.isInteger(cell.attrs?.[name]) && (cell.attrs![name] as number) > 1 ? ` ${name}="${cell.attrs![name] as number}"` : '');
        return `<${tag}${span('colspan')}${span('rowspan')}>${bodyHtml({ type: 'doc', content: cell.content ?? [] }, document, nonce, shift)}</${tag}>`;
      })
      .join('')}</tr>`;
  const thead = head > 0 ? `<thead>${rows.slice(0, head).map(row).join('')}</thead>` : '';
  return `<table>${thead}<tbody>${rows.slice(head).map(row).join('')}</tbody></table>`;
}

/** Chromium's header and footer: title and classification above, page numbers, date and version below. */
export function headerTemplate(document: PrintDocument): string {
  return (
    `<div style="font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:8pt;color:#333;font-variant-ligatures:none;width:100%;box-sizing:border-box;padding:0 18mm 0 22mm;display:flex;justify-content:space-between;gap:8mm">` +
    `<span style="overflow:hidden;white-space:nowrap;text-overflow:ellipsis">${escapeHtml(document.title)}</span><span style="font-weight:bold;white-space:nowrap">${escapeHtml(document.marking)}</span></div>`
  );
}

export function footerTemplate(document: PrintDocument): string {
  return (
    `<div style="font-family:'Liberation Sans','DejaVu Sans',Arial,sans-serif;font-size:8pt;color:#333;font-variant-ligatures:none;width:100%;box-sizing:border-box;padding:0 18mm 0 22mm;display:flex;justify-content:space-between">` +
    `<span>Stand: ${escapeHtml(document.date)} · ${escapeHtml(document.version)}</span>` +
    `<span>Seite <span class="pageNumber"></span> von <span class="totalPages"></span></span></div>`
  );
}
