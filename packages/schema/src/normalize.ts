/**
 * Brings PM JSON read from a Y.Doc into the exact shape `Node.fromJSON(schema, json).toJSON()`
 * gives, without ever throwing: Yjs drops null attributes, keeps mark attributes as `{}` and
 * returns marks in insertion order. Unknown node and mark types are kept as they are so a
 * document written by a newer client still reads.
 */
import type { MarkType, NodeType, Schema } from 'prosemirror-model';
import type { PMMarkJSON, PMNodeJSON } from './json.ts';
import { schema as defaultSchema } from './schema.ts';

function normalizeAttrs(
  spec: NodeType['spec']['attrs'],
  given: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!spec || Object.keys(spec).length === 0) return undefined;
  const attrs: Record<string, unknown> = {};
  for (const [name, attr] of Object.entries(spec)) {
    const value = given?.[name];
    attrs[name] = value === undefined ? (attr.default ?? null) : value;
  }
  return attrs;
}

function normalizeMark(mark: PMMarkJSON, type: MarkType | undefined): PMMarkJSON {
  if (!type) return mark;
  const attrs = normalizeAttrs(type.spec.attrs, mark.attrs);
  return attrs ? { type: mark.type, attrs } : { type: mark.type };
}

// Mark types are declared in rank order, which is the order ProseMirror keeps marks in.
function markRank(schema: Schema, mark: PMMarkJSON): number {
  const rank = Object.keys(schema.marks).indexOf(mark.type);
  return rank === -1 ? Number.MAX_SAFE_INTEGER : rank;
}

function normalizeMarks(schema: Schema, marks: PMMarkJSON[] | undefined): PMMarkJSON[] | undefined {
  if (!marks || marks.length === 0) return undefined;
  return marks
    .map((mark) => normalizeMark(mark, schema.marks[mark.type]))
    .sort((a, b) => markRank(schema, a) - markRank(schema, b));
}

function sameMarks(a: PMMarkJSON[] | undefined, b: PMMarkJSON[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

function normalizeContent(schema: Schema, content: PMNodeJSON[]): PMNodeJSON[] {
  const out: PMNodeJSON[] = [];
  for (const child of content) {
    const node = normalizeNode(schema, child);
    if (node.type === 'text' && !node.text) continue;
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text' && sameMarks(last.marks, node.marks)) {
      out[out.length - 1] = { ...last, text: (last.text ?? '') + (node.text ?? '') };
    } else {
      out.push(node);
    }
  }
  return out;
}

function normalizeNode(schema: Schema, json: PMNodeJSON): PMNodeJSON {
  const type = schema.nodes[json.type];
  const out: PMNodeJSON = { type: json.type };
  const attrs = type ? normalizeAttrs(type.spec.attrs, json.attrs) : json.attrs;
  if (attrs) out.attrs = attrs;
  if (json.content && json.content.length > 0) {
    const content = normalizeContent(schema, json.content);
    if (content.length > 0) out.content = content;
  }
  const marks = normalizeMarks(schema, json.marks);
  if (marks) out.marks = marks;
  if (json.type === 'text') out.text = json.text ?? '';
  return out;
}

/**
 * Canonical PM JSON: default attrs filled in, marks in schema order, adjacent equal texts
 * merged. An empty body (a new page) becomes one empty paragraph, as an editor shows it.
 */
export function normalizeDocJSON(json: PMNodeJSON, schema: Schema = defaultSchema): PMNodeJSON {
  const doc = normalizeNode(schema, json);
  if (doc.type === schema.topNodeType.name && !doc.content) {
    return schema.topNodeType.createAndFill()!.toJSON() as PMNodeJSON;
  }
  return doc;
}
