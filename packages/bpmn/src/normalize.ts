import { assemble, type Edit, type Move, type Target } from './assemble.ts';
import { notXml } from './decode.ts';
import { BpmnImportError } from './errors.ts';
import { STAFETTE_LINKS_NS } from './links.ts';
import { BPMN_DI_NS, BPMN_MODEL_NS, XML_NS } from './namespaces.ts';
import { type Attribute, decodeEntities, escapeAttribute, escapeText, isBlank, isSpace, readAttributes, tagEnd, tagName } from './tokenizer.ts';
import { type Vocabulary, vocabulary } from './vocabulary.ts';
import { clip, type WarningList } from './warnings.ts';

/**
 * The one pass over the text before the parser sees it. It refuses what is hostile or not BPMN
 * (the parser never sees it) and rewrites what bpmn-moddle would drop together with everything
 * inside it, keeping every line where it was so the parser's positions still point into the
 * user's file.
 *
 * Refused: DTD markup (the only way to declare entities: no entity expansion, no external
 * entities), a root that is not BPMN's <definitions>, more elements or deeper nesting than the
 * limits, markup cut off.
 *
 * Rewritten:
 * - elements the BPMN namespace does not define, and elements of other namespaces outside
 *   `extensionElements`, are blanked out (their tags become spaces); their children stay;
 * - flow elements (steps, flows, data objects) where BPMN does not allow them (inside a task, a
 *   lane, extensionElements, outside any process) are moved into the nearest process or
 *   sub-process around them (see assemble.ts); one taken out of a lane stays listed in it;
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
  /** Line of the element carrying an id (as written, or its stand-in). */
  idLines: LineLookup;
  /** First line where an id (as the parser sees it) is referenced. */
  refLine(id: string): number | undefined;
  /** Stafette step → page links found in extensionElements (see links.ts), by the step's id as written. */
  pageLinks: Map<string, string[]>;
}

export interface LineLookup {
  get(id: string): number | undefined;
}

export interface ScanLimits {
  maxElements: number;
  maxDepth: number;
}

/** bpmn-moddle's own test for ids (moddle-xml, Context.addElement). */
export const MODDLE_VALID_ID = /^([a-z][\w-.]*:)?[a-z_][\w-.]*$/i;
const ROOT_NAME = /^(?:[A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Frame {
  ns: Map<string, string>;
  mode: 'keep' | 'unwrap' | 'opaque';
  local: string;
  prefix: string;
  /** Text directly inside is an id reference. */
  reference: boolean;
  /** For blanked elements: whether text directly inside belongs to a text-carrying element. */
  textAllowed: boolean;
  /** extensionElements (and DI extension): what is inside is the vendors', passed on untouched. */
  opaqueChildren?: boolean;
  /** Id of the nearest enclosing element with an id (a step for links in its extensionElements). */
  ownerId?: string;
  /** The nearest kept process or sub-process at or around this element: where a misplaced flow element goes. */
  container: Container | null;
  /** Whether a flow element directly inside (blanked wrappers left out) is where BPMN allows it. */
  holdsFlow: boolean;
  /** The lane a flow element directly inside (blanked wrappers left out) was written in. */
  lane: Frame | null;
  /** Inside a pool: the process it shows (for flow elements written outside any process). */
  poolProcess?: string;
  /** A lifted element: its range, closed with its end tag. */
  move?: Move;
}

interface Container {
  frame: Frame;
  id: string | undefined;
  /** Top-level processes: where they open and, once read, where they close. */
  openAt: number;
  target: Target | null;
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
  /** The id as the parser gets it, once decided. */
  written?: string;
  /** The id the model carries: as written, or derived for a duplicate. */
  kept?: string;
}
interface MissingId {
  at: number;
  local: string;
  line: number;
  written?: string;
}
/** A flow element lifted out of its place, with what its warning and lane listing need. */
interface Lifted {
  move: Move;
  local: string;
  line: number;
  parentLocal: string;
  container: Container | null;
  poolProcess: string | undefined;
  identity: IdSpan | MissingId | undefined;
  lane: Frame | null;
}

export function normalize(text: string, warnings: WarningList, limits: ScanLimits): Normalized {
  const vocab = vocabulary();
  const length = text.length;
  const edits: Edit[] = [];
  const ids: IdSpan[] = [];
  const refs: (Span & { list: boolean })[] = [];
  const missing: MissingId[] = [];
  const lifted: Lifted[] = [];
  const processes: Container[] = [];
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

  // What the pass looks at: namespace declarations and prefixed names, ids, references, link extensions.
  const wanted = (name: string) => name === 'id' || name.includes(':') || name === 'xmlns' || name === 'page' || vocab.referenceAttributes.has(name);
  const stack: Frame[] = [];
  const rootNs = new Map([['xml', XML_NS]]);
  let root: Frame | undefined;
  let rootCloseAt = -1;
  let count = 0;
  let pos = 0;
  while (pos < length && (isSpace(text.charCodeAt(pos)) || text.charCodeAt(pos) === 0xfeff)) pos++;
  if (text.charCodeAt(pos) !== 0x3c /* < */) throw notXml();

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
      if (text.startsWith('<!--', open)) {
        pos = after(text, '-->', open + 4);
      } else if (text.startsWith('<![CDATA[', open)) {
        const end = after(text, ']]>', open + 9);
        const frame = stack[stack.length - 1];
        if (frame?.mode === 'unwrap' && !frame.textAllowed) blank(open, end);
        pos = end;
      } else {
        // <!DOCTYPE, <!ENTITY, <!ELEMENT, <!ATTLIST ...: any DTD markup.
        throw new BpmnImportError(
          'doctype-forbidden',
          'The file contains a document type (DOCTYPE) or entity declaration. BPMN files never need one, ' +
            'and they are refused because they can expand entities or read external files.',
        );
      }
      continue;
    }
    if (next === 0x2f /* / */) {
      const end = text.indexOf('>', open);
      if (end === -1) throw notXml();
      const frame = stack.pop();
      if (frame?.mode === 'unwrap') blank(open, end + 1);
      if (frame?.move) frame.move.end = end + 1;
      if (frame && frame.container?.frame === frame) closeContainer(frame.container, open);
      if (frame === root) rootCloseAt = open;
      pos = end + 1;
      continue;
    }

    const end = tagEnd(text, open + 1);
    if (end === -1) throw notXml();
    if (++count > limits.maxElements) {
      throw new BpmnImportError('too-many-elements', `The file has more than ${limits.maxElements} XML elements, the most a process model may have.`);
    }
    const selfClosing = text.charCodeAt(end - 1) === 0x2f;
    const qname = tagName(text, open + 1, end);
    const parent = stack[stack.length - 1];
    const nameEnd = open + 1 + qname.length;
    const attributes = readAttributes(text, nameEnd, selfClosing ? end - 1 : end, wanted);
    // Most elements declare no namespace: they share their parent's map (no copy per element).
    let ns = parent?.ns ?? rootNs;
    let declared: Set<string> | undefined;
    let prefixed = false;
    for (const a of attributes) {
      if (a.name !== 'xmlns' && !a.name.startsWith('xmlns:')) {
        if (!prefixed && a.name.includes(':')) prefixed = true;
        continue;
      }
      if (ns === (parent?.ns ?? rootNs)) ns = new Map(ns);
      const key = a.name === 'xmlns' ? '' : a.name.slice(6);
      // A repeated declaration is not well-formed (the parser refuses it); the first one counts until then.
      if (declared?.has(key)) continue;
      (declared ??= new Set()).add(key);
      ns.set(key, a.value);
    }

    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    const uri = ns.get(prefix);
    const elementLine = lineAt(open);

    if (!parent && !ROOT_NAME.test(qname)) throw notXml();
    if (!parent && (local !== 'definitions' || uri !== BPMN_MODEL_NS)) {
      throw new BpmnImportError(
        'not-bpmn',
        `The file is XML but not a BPMN 2.0 model: its root element must be <definitions> in the namespace ${BPMN_MODEL_NS}.`,
      );
    }

    // Attributes whose prefix is not declared make the parser drop the whole element.
    if (prefixed) {
      for (const a of attributes) {
        const c = a.name.indexOf(':');
        if (c === -1) continue;
        const p = a.name.slice(0, c);
        if (p !== 'xmlns' && p !== 'xml' && !ns.has(p)) {
          blank(a.start, a.end);
          warnings.add('unknown-attribute', `Attribute ${clip(a.name)} uses an undeclared namespace prefix and was ignored.`, elementLine, a.name);
        }
      }
    }

    const flowElement = uri === BPMN_MODEL_NS && vocab.flowElements.has(local);
    let frame: Frame;
    if (!parent) {
      frame = { ns, mode: 'keep', local, prefix, reference: false, textAllowed: false, container: null, holdsFlow: false, lane: null };
      root = frame;
    } else if ((parent.mode === 'opaque' || parent.opaqueChildren) && !flowElement) {
      frame = { ns, mode: 'opaque', local, prefix, reference: false, textAllowed: true, container: parent.container, holdsFlow: false, lane: null };
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
        const inModel = uri === BPMN_MODEL_NS;
        const opaqueInside = (inModel && local === 'extensionElements') || (uri === BPMN_DI_NS && local === 'extension');
        const isContainer = inModel && vocab.flowContainers.has(local);
        frame = {
          ns,
          mode: 'keep',
          local,
          prefix,
          reference: vocab.referenceElements.has(local),
          textAllowed: false,
          opaqueChildren: opaqueInside,
          container: parent.container,
          holdsFlow: isContainer,
          lane: null,
          poolProcess: parent.poolProcess,
        };
        if (inModel && local === 'lane') frame.lane = frame;
        if (inModel && local === 'participant') frame.poolProcess = attributes.find((a) => a.name === 'processRef')?.value.trim();
        const identity = recordIdentity(inModel, local, attributes, nameEnd, elementLine);
        if (flowElement && !parent.holdsFlow) {
          frame.move = { start: open, end: selfClosing ? end + 1 : -1, target: null };
          lifted.push({
            move: frame.move,
            local,
            line: elementLine,
            parentLocal: parent.local,
            container: parent.container,
            poolProcess: parent.poolProcess,
            identity,
            lane: parent.lane,
          });
          // Prefixes declared between the container and here must still be declared where the element goes.
          const scope = parent.container?.frame.ns ?? root!.ns;
          if (parent.ns !== scope) {
            let declarations = '';
            for (const [p, u] of parent.ns) if (scope.get(p) !== u && p !== 'xml') declarations += ` ${p === '' ? 'xmlns' : `xmlns:${p}`}="${escapeAttribute(u)}"`;
            if (declarations !== '') edits.push({ start: nameEnd, end: nameEnd, text: declarations });
          }
        }
        if (identity && 'value' in identity) frame.ownerId = identity.value;
        if (isContainer) {
          frame.container = { frame, id: identity && 'value' in identity ? identity.value : undefined, openAt: open, target: null };
          if (parent === root && local === 'process') processes.push(frame.container);
        }
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
        // Blanked: what is inside counts as inside the element around it.
        frame = { ns, mode: 'unwrap', local, prefix, reference: false, textAllowed, container: parent.container, holdsFlow: parent.holdsFlow, lane: parent.lane, poolProcess: parent.poolProcess };
        blank(open, end + 1);
      }
    }
    frame.ownerId ??= parent?.ownerId;
    if (selfClosing) {
      if (frame.container?.frame === frame) closeContainer(frame.container, -1);
    } else {
      stack.push(frame);
      if (stack.length > limits.maxDepth) {
        throw new BpmnImportError('too-deep', `The file nests XML elements more than ${limits.maxDepth} levels deep, more than a process model may.`);
      }
    }
    pos = end + 1;
  }
  if (!root) throw notXml();

  function closeContainer(container: Container, closeAt: number): void {
    // A self-closing process or sub-process gets nothing moved into it: there is no end tag to write before.
    if (closeAt >= 0) container.target = { at: closeAt, open: '', close: '', moves: [] };
  }

  function recordIdentity(model: boolean, local: string, attributes: Attribute[], nameEnd: number, elementLine: number): IdSpan | MissingId | undefined {
    let identity: IdSpan | MissingId | undefined;
    for (const a of attributes) {
      if (a.name === 'id') {
        identity = { start: a.valueStart, end: a.valueEnd, value: a.value, line: elementLine, model, local };
        ids.push(identity);
      } else if (vocab.referenceAttributes.has(a.name)) {
        refs.push({ start: a.valueStart, end: a.valueEnd, value: a.value.trim(), line: elementLine, list: vocab.referenceListAttributes.has(a.name) });
      }
    }
    if (!identity && model && vocab.identifiedElements.has(local)) {
      identity = { at: nameEnd, local, line: elementLine };
      missing.push(identity);
    }
    return identity;
  }

  const identity = resolveIdentity(vocab, edits, ids, refs, missing, warnings);
  placeLifted(lifted, processes, root, rootCloseAt, identity.taken, edits, warnings);
  const moves = lifted.map((l) => l.move);
  return { text: assemble(text, edits, moves), restore: identity.restore, idLines: identity.idLines, refLine: identity.refLine, pageLinks };
}

/**
 * Gives each lifted element its target: the process or sub-process around it; outside any
 * process the one its pool shows, else the process written before it, else the next one, else
 * a new process (named after the pool's process reference when there is one).
 */
function placeLifted(
  lifted: Lifted[],
  processes: Container[],
  root: Frame,
  rootCloseAt: number,
  taken: Set<string>,
  edits: Edit[],
  warnings: WarningList,
): void {
  if (lifted.length === 0) return;
  const created = new Map<string, Container>();
  const isNew = new Set<Container>();
  const bpmn = root.prefix === '' ? '' : `${root.prefix}:`;
  const newProcess = (id: string | undefined): Container | null => {
    const key = id ?? '';
    let container = created.get(key);
    if (container) return container;
    if (rootCloseAt < 0) return null;
    let processId = id !== undefined && MODDLE_VALID_ID.test(id) && !taken.has(id) ? id : 'Process_lifted';
    while (taken.has(processId)) processId += '_';
    taken.add(processId);
    container = {
      frame: root,
      id: processId,
      openAt: rootCloseAt,
      target: { at: rootCloseAt, open: `<${bpmn}process id="${processId}">`, close: `</${bpmn}process>`, moves: [] },
    };
    created.set(key, container);
    isNew.add(container);
    return container;
  };

  for (const item of lifted) {
    const start = item.move.start;
    let container = item.container;
    if (container === null) {
      container =
        (item.poolProcess !== undefined ? processes.find((p) => p.target !== null && p.id === item.poolProcess) : undefined) ??
        processes.findLast((p) => p.target !== null && p.target.at < start) ??
        processes.find((p) => p.target !== null && p.openAt > start) ??
        newProcess(item.poolProcess);
    }
    const target = container?.target ?? null;
    item.move.target = target;
    if (container === null || target === null) continue;
    target.moves.push(item.move);

    const written = item.identity?.written;
    if (item.lane && written !== undefined) {
      const p = item.lane.prefix === '' ? '' : `${item.lane.prefix}:`;
      edits.push({ start, end: start, text: `<${p}flowNodeRef>${escapeText(written)}</${p}flowNodeRef>` });
    }
    const asWritten = item.identity && 'value' in item.identity ? item.identity.value : written;
    const what = asWritten !== undefined ? `The <${item.local}> "${clip(asWritten)}"` : `A <${item.local}>`;
    const where = isNew.has(container) ? 'a new process' : `the ${container.frame.local}`;
    warnings.add(
      'lifted-element',
      `${what} was written inside <${clip(item.parentLocal)}>, where BPMN does not allow it; it was moved into ${where} "${clip(container.id ?? '')}"${item.lane ? ' and stays in its lane' : ''}.`,
      item.line,
      asWritten ?? item.local,
    );
  }
}

function resolveIdentity(
  vocab: Vocabulary,
  edits: Edit[],
  ids: IdSpan[],
  refs: (Span & { list: boolean })[],
  missing: MissingId[],
  warnings: WarningList,
): Pick<Normalized, 'restore' | 'idLines' | 'refLine'> & { taken: Set<string> } {
  const restore = new Map<string, string>();
  const taken = new Set<string>();
  for (const span of ids) taken.add(span.value);
  let counter = 0;
  const standIn = (): string => {
    let id: string;
    do id = `_stafette_id_${++counter}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };

  // The first element of the model keeps an id; a diagram shape never takes it from a step.
  // Without duplicates (the usual file) every element keeps its own.
  let keeper: Map<string, IdSpan> | undefined;
  if (taken.size < ids.length) {
    keeper = new Map();
    for (const span of ids) if (span.model && !keeper.has(span.value)) keeper.set(span.value, span);
    for (const span of ids) if (!keeper.has(span.value)) keeper.set(span.value, span);
  }

  const renamed = new Map<string, string>();
  const copies = new Map<string, number>();
  for (const span of ids) {
    if (keeper === undefined || keeper.get(span.value) === span) {
      span.written = span.value;
      span.kept = span.value;
      if (!MODDLE_VALID_ID.test(span.value)) {
        const id = standIn();
        span.written = id;
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
    span.kept = derived;
    let written = derived;
    if (!MODDLE_VALID_ID.test(derived)) {
      written = standIn();
      restore.set(written, derived);
    }
    span.written = written;
    edits.push({ start: span.start, end: span.end, text: escapeAttribute(written) });
    warnings.add(
      'duplicate-id',
      `The id "${clip(span.value)}" is used by more than one element; the ${span.model ? `<${span.local}>` : 'diagram element'} on this line was kept as "${clip(derived)}".`,
      span.line,
      span.value,
    );
  }

  if (renamed.size > 0) {
    for (const ref of refs) {
      const tokens = ref.list ? ref.value.split(/\s+/).filter((t) => t !== '') : [ref.value];
      if (!tokens.some((t) => renamed.has(t))) continue;
      edits.push({ start: ref.start, end: ref.end, text: tokens.map((t) => renamed.get(t) ?? t).join(' ') });
    }
  }
  // Asked for only when a reference does not resolve: built then, once.
  let refLines: Map<string, number> | undefined;
  const refLine = (id: string): number | undefined => {
    if (!refLines) {
      refLines = new Map();
      for (const ref of refs) {
        const tokens = ref.list ? ref.value.split(/\s+/).filter((t) => t !== '') : [ref.value];
        for (const token of tokens) {
          if (!refLines.has(token)) refLines.set(token, ref.line);
        }
      }
    }
    return refLines.get(id);
  };

  const perKind = new Map<string, number>();
  for (const m of missing) {
    const n = (perKind.get(m.local) ?? 0) + 1;
    perKind.set(m.local, n);
    let id = `${m.local}_without_id_${n}`;
    while (taken.has(id)) id += '_';
    taken.add(id);
    m.written = id;
    edits.push({ start: m.at, end: m.at, text: ` id="${id}"` });
    warnings.add('missing-id', `A <${m.local}> has no id; it was given the id "${id}".`, m.line, id);
  }
  // Asked for only for warnings: built then, once.
  let lines: Map<string, number> | undefined;
  const idLines: LineLookup = {
    get(id) {
      if (!lines) {
        lines = new Map();
        for (const span of ids) if (span.kept !== undefined && !lines.has(span.kept)) lines.set(span.kept, span.line);
        for (const m of missing) if (m.written !== undefined) lines.set(m.written, m.line);
      }
      return lines.get(restore.get(id) ?? id);
    },
  };
  return { restore, idLines, refLine, taken };
}

function after(text: string, terminator: string, from: number): number {
  const at = text.indexOf(terminator, from);
  if (at === -1) throw notXml();
  return at + terminator.length;
}
