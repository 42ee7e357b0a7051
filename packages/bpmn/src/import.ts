import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import { decodeXml } from './decode.ts';
import { BpmnImportError } from './errors.ts';
import { extractModel } from './extract.ts';
import type { ProcessModel } from './model.ts';
import { normalize, type Normalized } from './normalize.ts';
import { clip, WarningList } from './warnings.ts';

export interface ImportLimits {
  /** Largest accepted input in bytes (for string input: in UTF-16 code units). */
  maxBytes: number;
  /** Most XML elements (start tags) accepted, counted before parsing. */
  maxElements: number;
  /** Deepest element nesting accepted, counted before parsing. */
  maxDepth: number;
}

export type ImportOptions = Partial<ImportLimits>;

export const DEFAULT_IMPORT_LIMITS: Readonly<ImportLimits> = Object.freeze({
  maxBytes: 20 * 1024 * 1024,
  maxElements: 200_000,
  maxDepth: 256,
});

/**
 * Parses a BPMN 2.0 file into a process model. Accepts the raw upload (bytes, decoded by the
 * XML declaration's encoding) or already decoded text. Throws BpmnImportError for anything it
 * refuses; the cheap checks (size, DTD, root element, element count, depth) run before the
 * XML parser sees the input, in the same pass that prepares it (normalize.ts).
 */
export async function importBpmn(input: Uint8Array | ArrayBuffer | string, options: ImportOptions = {}): Promise<ProcessModel> {
  const limits: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...definedOnly(options) };
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size > limits.maxBytes) {
    throw new BpmnImportError(
      'too-large',
      `The file is ${formatMegabytes(size)}; process models may be at most ${formatMegabytes(limits.maxBytes)}.`,
    );
  }
  if (size === 0) throw new BpmnImportError('not-xml', 'The file is empty.');

  const text =
    typeof input === 'string'
      ? input.replace(/^\uFEFF/, '')
      : decodeXml(input instanceof Uint8Array ? input : new Uint8Array(input)).text;
  // One pass refuses what is hostile or not BPMN and prepares the rest for the parser.
  const warnings = new WarningList();
  const normalized = normalize(text, warnings, limits);
  let result;
  try {
    result = await new BpmnModdle().fromXML(normalized.text, 'bpmn:Definitions');
  } catch (error) {
    throw fromParseFailure(error);
  }
  triageWarnings(result.warnings, normalized, warnings);
  const model = restoreIds(extractModel(result.rootElement, warnings, normalized.idLines), normalized.restore);
  structuralWarnings(model, normalized, warnings);
  for (const step of model.steps) step.pageLinks = [...new Set(normalized.pageLinks.get(step.elementId) ?? [])];
  model.warnings = warnings.done();
  return model;
}

/**
 * bpmn-moddle reports most damage as warnings and carries on. Only what means the XML itself is
 * broken (malformed attributes, text outside the root) is refused; everything else was skipped
 * by the parser and becomes a warning with its line.
 */
function triageWarnings(moddleWarnings: ModdleWarning[], normalized: Normalized, warnings: WarningList): void {
  for (const warning of moddleWarnings) {
    const message = warning.message;
    // We decoded the bytes ourselves; moddle only sees the declaration it cannot use.
    if (message.startsWith('unsupported document encoding')) continue;
    const unresolved = /^unresolved reference <([^>]*)>/.exec(message);
    if (unresolved) {
      const id = restored(unresolved[1], normalized.restore);
      const property = String(warning.property ?? '').replace(/^\w+:/, '');
      const owner = restored(typeof warning.element?.id === 'string' ? warning.element.id : '', normalized.restore);
      const line = normalized.idLines.get(owner) ?? normalized.refLine(unresolved[1]) ?? null;
      if (property === 'processRef') {
        warnings.add('missing-process', `The pool "${clip(owner)}" shows process "${clip(id)}", which the file does not contain; the pool has no steps.`, line, id);
      } else if (property === 'sourceRef' || property === 'targetRef') {
        warnings.add('unconnected-flow', `The flow "${clip(owner)}" points to "${clip(id)}", which does not exist; the flow is kept without that end.`, line, owner);
      } else {
        warnings.add('unresolved-reference', `unresolved reference to id "${clip(id)}"`, line, id);
      }
      continue;
    }
    const attribute = /^unknown attribute <([^>]*)>/.exec(message);
    if (attribute) {
      const owner = typeof warning.element?.id === 'string' ? restored(warning.element.id, normalized.restore) : '';
      warnings.add('unknown-attribute', `Attribute ${clip(attribute[1])} is not defined by BPMN 2.0 and was ignored.`, normalized.idLines.get(owner) ?? null, attribute[1]);
      continue;
    }
    const nested = warning.error?.message ?? '';
    if (MALFORMED.some((pattern) => pattern.test(nested))) throw fromContentWarning(message);
    const where = position(message);
    const tag = /^unparsable content (<[^>\s]*>)/.exec(message)?.[1];
    warnings.add('skipped-content', skippedMessage(tag, nested), where.line ?? null, tag);
  }
}

// The XML tokenizer's (saxen) warnings that mean the document is not well-formed.
const MALFORMED = [
  /^illegal first char attribute name/,
  /^missing attribute value/,
  /^illegal attribute name char/,
  /^illegal declaration of xmlns/,
  /^attribute value quote missmatch/,
  /^missing closing quotes/,
  /^illegal character after attribute end/,
  /^attribute <[^>]*> already defined/,
  /^non-whitespace outside of root node/,
];

function skippedMessage(tag: string | undefined, nested: string): string {
  const what = tag ? `Element ${clip(tag)}` : 'Content';
  if (/^unexpected body text/.test(nested)) return `Text inside an element that holds no text was ignored.`;
  if (/^unrecognized element/.test(nested)) return `${what} is not allowed at this place in BPMN 2.0 and was skipped with its content.`;
  if (/^unknown type/.test(nested)) return `${what} is not defined by BPMN 2.0 and was skipped with its content.`;
  if (/^(illegal|duplicate) ID/.test(nested)) return `${what} inside extensionElements has an unusable id and was skipped.`;
  return `${what} could not be read and was skipped with its content.`;
}

function fromContentWarning(message: string): BpmnImportError {
  const where = position(message);
  const at = where.line !== undefined ? ` (line ${where.line}, column ${where.column})` : '';
  return new BpmnImportError('not-xml', `The file is not well-formed XML: a tag or its attributes are malformed or repeated${at}.`, where);
}

function fromParseFailure(error: unknown): BpmnImportError {
  const message = error instanceof Error ? error.message : '';
  if (message.startsWith('failed to parse document as')) {
    return new BpmnImportError('not-bpmn', 'The file is XML but does not contain BPMN 2.0 definitions.');
  }
  const where = position(message);
  const at = where.line !== undefined ? ` at line ${where.line}, column ${where.column}` : '';
  return new BpmnImportError('not-xml', `The file is not well-formed XML${at} (for example an unclosed or mismatched tag, or it is cut off).`, where);
}

function position(message: string): { line?: number; column?: number } {
  const line = /line: (\d+)/.exec(message);
  const column = /column: (\d+)/.exec(message);
  return line && column ? { line: Number(line[1]) + 1, column: Number(column[1]) } : {};
}

function restored(id: string, restore: Map<string, string>): string {
  return restore.get(id) ?? id;
}

/** Puts the ids as written back wherever the parser saw a stand-in (see normalize.ts). */
function restoreIds(model: ProcessModel, restore: Map<string, string>): ProcessModel {
  if (restore.size === 0) return model;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return restore.get(value) ?? value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(value)) out[key] = key === 'names' || key === 'documentations' ? inner : walk(inner);
      return out;
    }
    return value;
  };
  const { warnings, ...rest } = model;
  return { ...(walk(rest) as Omit<ProcessModel, 'warnings'>), warnings };
}

/** What the parser accepted but a process manager should know: flows and pools that lead nowhere, no process at all. */
function structuralWarnings(model: ProcessModel, normalized: Normalized, warnings: WarningList): void {
  const lineOf = (id: string | null) => (id === null ? null : (normalized.idLines.get(id) ?? null));
  if (model.processes.length === 0) {
    warnings.add('no-process', 'The file contains no process; it was imported as a process without steps.', null);
  }
  const nodes = new Set<string>(model.steps.map((s) => s.elementId));
  const pools = new Set<string>(model.pools.map((p) => p.elementId));
  for (const flow of model.flows) {
    if (flow.sourceId === null || flow.targetId === null) continue; // reported as an unresolved reference
    const allowed = (id: string) => nodes.has(id) || (flow.kind === 'messageFlow' && pools.has(id));
    for (const end of [flow.sourceId, flow.targetId]) {
      if (!allowed(end)) {
        warnings.add('unconnected-flow', `The flow "${clip(flow.elementId)}" connects "${clip(end)}", which is not a step${flow.kind === 'messageFlow' ? ' or pool' : ''}.`, lineOf(flow.elementId), flow.elementId);
      }
    }
  }
  const shown = new Map<string, string>();
  for (const pool of model.pools) {
    if (pool.processId === null) continue;
    const first = shown.get(pool.processId);
    if (first === undefined) shown.set(pool.processId, pool.elementId);
    else {
      warnings.add('shared-process', `The pools "${clip(first)}" and "${clip(pool.elementId)}" show the same process "${clip(pool.processId)}"; its steps belong to the first.`, lineOf(pool.elementId), pool.elementId);
    }
  }
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function definedOnly(options: ImportOptions): Partial<ImportLimits> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
