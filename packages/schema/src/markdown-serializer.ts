/**
 * PM JSON of the page schema to GFM Markdown: tables, strikethrough, task lists; page and step
 * links as ordinary links to their readable paths, which `markdownToJSON` turns back into
 * atoms. Underline has no Markdown form and is written as plain text.
 */
import type { Node } from 'prosemirror-model';
import { MarkdownSerializer, MarkdownSerializerState, defaultMarkdownSerializer } from 'prosemirror-markdown';
import type { PMNodeJSON } from './json.ts';
import { attachmentHref } from './schema.ts';
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

type StateConstructor = new (
  nodes: MarkdownSerializer['nodes'],
  marks: MarkdownSerializer['marks'],
  options: MarkdownSerializer['options'] & { tightLists?: boolean },
) => MarkdownSerializerState;

/** Output is moved out of `out` in pieces of about this size; `out` keeps the last `KEEP` characters. */
const FLUSH_AT = 4096;
const KEEP = 16;

/**
 * prosemirror-markdown's state with its output kept in pieces. The state appends to one string
 * and reads its last characters (`atBlank`, and before every link); V8 copies a string built
 * by appending whenever such a read comes, so 20,000 list items took 8 s and 40,000 links 11 s.
 * Here `out` only ever holds the end of the output (all the state reads or rewrites), the rest
 * waits in `pieces`.
 */
class PiecewiseState extends (MarkdownSerializerState as unknown as StateConstructor) {
  private pieces: string[] = [];
  private end = '';

  get out(): string {
    return this.end;
  }

  set out(value: string) {
    // Called by the base constructor too, before this class's fields exist.
    if (value.length > FLUSH_AT) {
      (this.pieces ??= []).push(value.slice(0, -KEEP));
      value = value.slice(-KEEP);
    }
    this.end = value;
  }

  output(): string {
    return this.pieces.join('') + this.end;
  }
}

/** A MarkdownSerializer whose output grows in linear time (see `PiecewiseState`). */
class LinearMarkdownSerializer extends MarkdownSerializer {
  override serialize(content: Node, options: { tightLists?: boolean } = {}): string {
    const state = new PiecewiseState(this.nodes, this.marks, { ...this.options, ...options });
    state.renderContent(content);
    return state.output();
  }
}

const serializer = new LinearMarkdownSerializer(
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
    // A mention reads as the name in Markdown (the id stays in the page).
    mention(state, node) {
      state.write(state.esc(`@${String(node.attrs.label)}`));
    },
    step_link(state, node) {
      const { processId, elementId, label } = node.attrs as { processId: string; elementId: string; label: string };
      state.write(`[${state.esc(label || elementId)}](${stepHref(processId, elementId)})`);
    },
    // A file card reads as a link to the file in Markdown.
    file(state, node) {
      const { attachmentId, name } = node.attrs as { attachmentId: string; name: string };
      state.write(`[${state.esc(name || attachmentId)}](${attachmentHref(attachmentId)})`);
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
