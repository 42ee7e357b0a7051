import { STAFETTE_LINKS_NS } from './links.ts';
import { BPMN_MODEL_NS } from './prescan.ts';
import { type Vocabulary, vocabulary } from './vocabulary.ts';
import { clip, type WarningList } from './warnings.ts';

/**
 * The lenient pre-pass: one linear scan over the (already prescanned) text that rewrites what
 * bpmn-moddle would drop together with everything inside it, keeping every line and column
 * where it was so the parser's positions still point into the user's file:
 *
 * - elements the BPMN namespace does not define, and elements of other namespaces outside
 *   `extensionElements`, are blanked out (their tags become spaces); their children stay;
 * - ids that are not XML names get a stand-in the parser accepts, in the id and in every
 *   reference; `restore` maps the stand-ins back, so steps keep the ids as written;
 * - a second element with an id already used gets a derived id (`<id>_2`);
 * - flow nodes, flows, lanes and pools without id get one (`<kind>_without_id_<n>`);
 * - attributes with an undeclared namespace prefix are blanked.
 */
export interface Normalized {
  text: string;
  /** Stand-in id → the id as written. */
  restore: Map<string, string>;
  /** Line of the element carrying each id (as written). */
  idLines: Map<string, number>;
  /** First line where each id is referenced. */
  refLines: Map<string, number>;
  /** Stafette step → page links found in extensionElements (see links.ts), by the step's id as written. */
  pageLinks: Map<string, string[]>;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const DI_NS = 'http://www.omg.org/spec/BPMN/20100524/DI';
/** bpmn-moddle's own test for ids (moddle-xml, Context.addElement). */
export const MODDLE_VALID_ID = /^([a-z][\w-.]*:)?[a-z_][\w-.]*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Frame {
  ns: Map<string, string>;
  mode: 'keep' | 'unwrap' | 'opaque';
  local: string;
  /** Text directly inside is an id reference. */
  reference: boolean;
  /** For blanked elements: whether text directly inside belongs to a text-carrying element. */
  textAllowed: boolean;
  /** extensionElements (and DI extension): what is inside is the vendors', passed on untouched. */
  opaqueChildren?: boolean;
  /** Id of the nearest enclosing element with an id (a step for links in its extensionElements). */
  ownerId?: string;
}

interface Span {
  start: number;
  end: number;
  value: string;
  line: number;
}
interface IdSpan extends Span {
  model: boolean;
  local: string;
}
interface Edit {
  start: number;
  end: number;
  text: string;
}

export function normalize(text: string, warnings: WarningList): Normalized {
  const vocab = vocabulary();
  const length = text.length;
  const edits: Edit[] = [];
  const ids: IdSpan[] = [];
  const refs: (Span & { list: boolean })[] = [];
  const missing: { at: number; local: string; line: number }[] = [];
  const pageLinks = new Map<string, string[]>();

  let line = 1;
  // Positions asked for only grow: the count moves forward from newline to newline, each found once.
  let nextNewline = text.indexOf('\n');
  const lineAt = (pos: number): number => {
    while (nextNewline !== -1 && nextNewline < pos) {
      line++;
      nextNewline = text.indexOf('\n', nextNewline + 1);
    }
    return line;
  };
  const blank = (start: number, end: number) => edits.push({ start, end, text: text.slice(start, end).replace(/[^\r\n]/g, ' ') });

  const stack: Frame[] = [];
  const rootNs = new Map([['xml', XML_NS]]);
  let pos = 0;

  const onText = (start: number, end: number) => {
    if (end <= start) return;
    const frame = stack[stack.length - 1];
    if (!frame || frame.mode === 'opaque') return;
    // Only text that matters is looked at: whitespace between tags is skipped without a copy.
    if (!(frame.mode === 'unwrap' && !frame.textAllowed) && !(frame.mode === 'keep' && frame.reference)) return;
    if (isBlank(text, start, end)) return;
    if (frame.mode === 'unwrap') blank(start, end);
    else refs.push({ start, end, value: decodeEntities(text.slice(start, end)).trim(), line: lineAt(start), list: false });
  };

  for (;;) {
    const open = text.indexOf('<', pos);
    onText(pos, open === -1 ? length : open);
    if (open === -1) break;
    const next = text.charCodeAt(open + 1);
    if (next === 0x3f /* ? */) {
      pos = after(text, '?>', open + 2);
      continue;
    }
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<![CDATA[', open)) {
        const end = after(text, ']]>', open + 9);
        const frame = stack[stack.length - 1];
        if (frame?.mode === 'unwrap' && !frame.textAllowed) blank(open, end);
        pos = end;
      } else {
        pos = after(text, '-->', open + 4);
      }
      continue;
    }
    if (next === 0x2f /* / */) {
      const end = text.indexOf('>', open);
      if (end === -1) break;
      const frame = stack.pop();
      if (frame?.mode === 'unwrap') blank(open, end + 1);
      pos = end + 1;
      continue;
    }

    const end = tagEnd(text, open + 1);
    if (end === -1) break; // not well-formed: the parser says so
    const selfClosing = text.charCodeAt(end - 1) === 0x2f;
    const qname = tagName(text, open + 1, end);
    const parent = stack[stack.length - 1];
    const attrBase = open + 1 + qname.length;
    const attributes = readAttributes(text, attrBase, selfClosing ? end - 1 : end);
    // Most elements declare no namespace: they share their parent's map (no copy per element).
    let ns = parent?.ns ?? rootNs;
    for (const a of attributes) {
      if (a.name !== 'xmlns' && !a.name.startsWith('xmlns:')) continue;
      if (ns === (parent?.ns ?? rootNs)) ns = new Map(ns);
      ns.set(a.name === 'xmlns' ? '' : a.name.slice(6), a.value);
    }

    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    const uri = ns.get(prefix);
    const elementLine = lineAt(open);

    // Attributes whose prefix is not declared make the parser drop the whole element.
    for (const a of attributes) {
      const c = a.name.indexOf(':');
      if (c === -1) continue;
      const p = a.name.slice(0, c);
      if (p !== 'xmlns' && p !== 'xml' && !ns.has(p)) {
        blank(a.start, a.end);
        warnings.add('unknown-attribute', `Attribute ${clip(a.name)} uses an undeclared namespace prefix and was ignored.`, elementLine, a.name);
      }
    }

    let frame: Frame;
    if (!parent) {
      frame = { ns, mode: 'keep', local, reference: false, textAllowed: false };
    } else if (parent.mode === 'opaque' || parent.opaqueChildren) {
      frame = { ns, mode: 'opaque', local, reference: false, textAllowed: true };
      if (uri === STAFETTE_LINKS_NS && local === 'page' && parent.ownerId !== undefined) {
        const page = attributes.find((a) => a.name === 'page')?.value;
        if (page && UUID.test(page)) {
          const list = pageLinks.get(parent.ownerId);
          if (list) list.push(page.toLowerCase());
          else pageLinks.set(parent.ownerId, [page.toLowerCase()]);
        }
      }
    } else {
      // Diagram interchange (DI, DC, colours) is left to the parser: bpmn-js draws from it as it is.
      const known = uri === BPMN_MODEL_NS ? vocab.modelElements.has(local) : uri !== undefined && vocab.knownNamespaces.has(uri);
      if (known) {
        const opaqueInside = (uri === BPMN_MODEL_NS && local === 'extensionElements') || (uri === DI_NS && local === 'extension');
        frame = { ns, mode: 'keep', local, reference: vocab.referenceElements.has(local), textAllowed: false, opaqueChildren: opaqueInside };
        recordIdentity(uri === BPMN_MODEL_NS, local, attributes, open + 1 + qname.length, elementLine);
      } else {
        const inBpmn = uri === BPMN_MODEL_NS;
        const textAllowed = parent.mode === 'keep' ? vocab.textElements.has(parent.local) : parent.textAllowed;
        // Markup inside documentation (XHTML) loses its tags and keeps its text: nothing to report.
        if (!textAllowed) warnings.add(
          inBpmn ? 'unknown-element' : 'foreign-element',
          inBpmn
            ? `Element <${clip(qname)}> is not defined by BPMN 2.0; it was skipped and its content kept.`
            : `Element <${clip(qname)}> of ${uri === undefined ? 'no declared namespace' : `namespace ${clip(uri)}`} outside extensionElements was skipped; its content was kept.`,
          elementLine,
          qname,
        );
        frame = { ns, mode: 'unwrap', local, reference: false, textAllowed };
        blank(open, end + 1);
      }
    }
    frame.ownerId = (frame.mode === 'keep' ? attributes.find((a) => a.name === 'id')?.value : undefined) ?? parent?.ownerId;
    if (!selfClosing) stack.push(frame);
    pos = end + 1;
  }

  function recordIdentity(model: boolean, local: string, attributes: Attribute[], nameEnd: number, elementLine: number) {
    let hasId = false;
    for (const a of attributes) {
      if (a.name === 'id') {
        hasId = true;
        ids.push({ start: a.valueStart, end: a.valueEnd, value: a.value, line: elementLine, model, local });
      } else if (vocab.referenceAttributes.has(a.name)) {
        refs.push({ start: a.valueStart, end: a.valueEnd, value: a.value.trim(), line: elementLine, list: vocab.referenceListAttributes.has(a.name) });
      }
    }
    if (!hasId && model && vocab.identifiedElements.has(local)) missing.push({ at: nameEnd, local, line: elementLine });
  }

  return { ...resolveIdentity(vocab, text, edits, ids, refs, missing, warnings), pageLinks };
}

function resolveIdentity(
  vocab: Vocabulary,
  text: string,
  edits: Edit[],
  ids: IdSpan[],
  refs: (Span & { list: boolean })[],
  missing: { at: number; local: string; line: number }[],
  warnings: WarningList,
): Omit<Normalized, 'pageLinks'> {
  const restore = new Map<string, string>();
  const idLines = new Map<string, number>();
  const refLines = new Map<string, number>();
  const taken = new Set(ids.map((i) => i.value));
  let counter = 0;
  const standIn = (): string => {
    let id: string;
    do id = `_stafette_id_${++counter}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };

  // The first element of the model keeps an id; a diagram shape never takes it from a step.
  const keeper = new Map<string, IdSpan>();
  for (const span of ids) if (span.model && !keeper.has(span.value)) keeper.set(span.value, span);
  for (const span of ids) if (!keeper.has(span.value)) keeper.set(span.value, span);

  const renamed = new Map<string, string>();
  const copies = new Map<string, number>();
  for (const span of ids) {
    if (keeper.get(span.value) === span) {
      idLines.set(span.value, span.line);
      if (!MODDLE_VALID_ID.test(span.value)) {
        const id = standIn();
        restore.set(id, span.value);
        renamed.set(span.value, id);
        edits.push({ start: span.start, end: span.end, text: id });
        if (span.model && vocab.identifiedElements.has(span.local)) {
          warnings.add('invalid-id', `The id "${clip(span.value)}" is not a valid XML name; it was kept as written.`, span.line, span.value);
        }
      }
      continue;
    }
    let n = copies.get(span.value) ?? 1;
    let derived: string;
    do derived = `${span.value}_${++n}`;
    while (taken.has(derived));
    copies.set(span.value, n);
    taken.add(derived);
    idLines.set(derived, span.line);
    let written = derived;
    if (!MODDLE_VALID_ID.test(derived)) {
      written = standIn();
      restore.set(written, derived);
    }
    edits.push({ start: span.start, end: span.end, text: escapeAttribute(written) });
    warnings.add(
      'duplicate-id',
      `The id "${clip(span.value)}" is used by more than one element; the ${span.model ? `<${span.local}>` : 'diagram element'} on this line was kept as "${clip(derived)}".`,
      span.line,
      span.value,
    );
  }

  for (const ref of refs) {
    const tokens = ref.list ? ref.value.split(/\s+/).filter((t) => t !== '') : [ref.value];
    for (const token of tokens) if (!refLines.has(token)) refLines.set(token, ref.line);
    if (!tokens.some((t) => renamed.has(t))) continue;
    edits.push({ start: ref.start, end: ref.end, text: tokens.map((t) => renamed.get(t) ?? t).join(' ') });
  }

  const perKind = new Map<string, number>();
  for (const m of missing) {
    const n = (perKind.get(m.local) ?? 0) + 1;
    perKind.set(m.local, n);
    let id = `${m.local}_without_id_${n}`;
    while (taken.has(id)) id += '_';
    taken.add(id);
    idLines.set(id, m.line);
    edits.push({ start: m.at, end: m.at, text: ` id="${id}"` });
    warnings.add('missing-id', `A <${m.local}> has no id; it was given the id "${id}".`, m.line, id);
  }

  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const edit of edits) {
    if (edit.start < at) continue; // never overlapping by construction; guard anyway
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  out += text.slice(at);
  return { text: out, restore, idLines, refLines };
}

/** The element name of the tag whose name starts at `from` (after `<`). */
function tagName(text: string, from: number, end: number): string {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
    i++;
  }
  return text.slice(from, i);
}

function space(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

export interface Attribute {
  name: string;
  value: string;
  /** The whole `name="value"`. */
  start: number;
  end: number;
  /** The value between the quotes. */
  valueStart: number;
  valueEnd: number;
}

/** The attributes of a start tag between `from` and `to`, in one linear pass; what is malformed is skipped (the parser refuses it). */
export function readAttributes(text: string, from: number, to: number): Attribute[] {
  const out: Attribute[] = [];
  let i = from;
  while (i < to) {
    while (i < to && space(text.charCodeAt(i))) i++;
    const start = i;
    while (i < to && !space(text.charCodeAt(i)) && text.charCodeAt(i) !== 0x3d /* = */) i++;
    if (i === start) {
      i++;
      continue;
    }
    const name = text.slice(start, i);
    while (i < to && space(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== 0x3d) continue;
    i++;
    while (i < to && space(text.charCodeAt(i))) i++;
    const quote = text.charCodeAt(i);
    if (quote !== 0x22 && quote !== 0x27) continue;
    const valueStart = i + 1;
    const valueEnd = text.indexOf(String.fromCharCode(quote), valueStart);
    if (valueEnd === -1 || valueEnd >= to) break;
    out.push({ name, value: decodeEntities(text.slice(valueStart, valueEnd)), start, end: valueEnd + 1, valueStart, valueEnd });
    i = valueEnd + 1;
  }
  return out;
}

function after(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  return at === -1 ? text.length : at + terminator.length;
}

export function tagEnd(text: string, from: number): number {
  const length = text.length;
  let quote = 0;
  for (let i = from; i < length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return i;
    }
  }
  return -1;
}

const ENTITY = /&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (whole, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named.toLowerCase()] ?? whole;
    const code = hex ? Number.parseInt(hex, 16) : Number(dec);
    return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}
