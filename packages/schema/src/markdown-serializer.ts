/**
 * PM JSON of the page schema to GFM Markdown: tables, strikethrough, task lists; page and step
 * links as ordinary links to their readable paths, which `markdownToJSON` turns back into
 * atoms. Underline has no Markdown form and is written as plain text.
 */
import type { Node } from 'prosemirror-model';
import { MarkdownSerializer, MarkdownSerializerState, defaultMarkdownSerializer } from 'prosemirror-markdown';
import type { PMNodeJSON } from './json.ts';
import { pageHref, stepHref } from './urls.ts';
import { parseDocJSON } from './validate.ts';

const base = defaultMarkdownSerializer.nodes;
// The schema has no `tight` attribute on lists: page lists are written tight, as editors show them.
const SERIALIZE_OPTIONS = { tightLists: true };

function fenceFor(text: string): string {
  const runs = text.match(/`{3,}/g) ?? [];
  const longest = runs.reduce((max, run) => Math.max(max, run.length), 2);
  return '`'.repeat(longest + 1);
}

// One table cell as a single Markdown line: blocks joined by spaces, pipes escaped.
function cellMarkdown(cell: Node): string {
  return serializer
    .serialize(cell, SERIALIZE_OPTIONS)
    .replace(/\\\n/g, ' ')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\|/g, '\\|')
    .trim();
}

function tableMarkdown(state: MarkdownSerializerState, table: Node): void {
  const rows: string[][] = [];
  table.forEach((row) => {
    const cells: string[] = [];
    row.forEach((cell) => {
      cells.push(cellMarkdown(cell));
      // GFM has no spans: a spanned cell is followed by empty cells to keep columns aligned.
      const colspan = Number(cell.attrs.colspan) || 1;
      for (let i = 1; i < colspan; i++) cells.push('');
    });
    rows.push(cells);
  });
  const columns = Math.max(1, ...rows.map((cells) => cells.length));
  const line = (cells: string[]) =>
    `| ${Array.from({ length: columns }, (_, i) => cells[i] ?? '').join(' | ')} |`.replace(/ {2,}\|/g, ' |');
  // GFM needs a header row; the first row serves as one.
  const [head = [], ...body] = rows;
  const lines = [line(head), line(Array.from({ length: columns }, () => '---')), ...body.map(line)];
  lines.forEach((text, i) => {
    if (i > 0) state.ensureNewLine();
    state.write(text);
  });
  state.closeBlock(table);
}

const serializer = new MarkdownSerializer(
  {
    ...base,
    bullet_list(state, node) {
      state.renderList(node, '  ', () => '- ');
    },
    code_block(state, node) {
      const fence = fenceFor(node.textContent);
      state.write(fence + ((node.attrs.language as string | null) ?? '') + '\n');
      state.text(node.textContent, false);
      state.ensureNewLine();
      state.write(fence);
      state.closeBlock(node);
    },
    task_list(state, node) {
      state.renderList(node, '  ', () => '- ');
    },
    task_item(state, node) {
      state.write(node.attrs.checked === true ? '[x] ' : '[ ] ');
      state.renderContent(node);
    },
    table: tableMarkdown,
    table_row() {},
    table_cell() {},
    table_header() {},
    page_link(state, node) {
      const { pageId, title } = node.attrs as { pageId: string; title: string };
      state.write(`[${state.esc(title || pageId)}](${pageHref(pageId)})`);
    },
    step_link(state, node) {
      const { processId, elementId, label } = node.attrs as { processId: string; elementId: string; label: string };
      state.write(`[${state.esc(label || elementId)}](${stepHref(processId, elementId)})`);
    },
  },
  {
    ...defaultMarkdownSerializer.marks,
    strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
    underline: { open: '', close: '' },
  },
  // `<` and entity-like `&` are escaped so exported Markdown shows them as text in any renderer.
  { escapeExtraCharacters: /<|&(?=#?\w+;)/g },
);

/** GFM Markdown of `doc`. Throws `InvalidDocumentError` if `doc` does not fit the schema. */
export function docToMarkdown(doc: PMNodeJSON): string {
  return serializer.serialize(parseDocJSON(doc), SERIALIZE_OPTIONS);
}

/** The page schema's Markdown serializer, for callers holding a ProseMirror node. */
export const markdownSerializer = serializer;
