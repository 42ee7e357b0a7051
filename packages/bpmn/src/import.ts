import { BpmnModdle, type ModdleWarning } from 'bpmn-moddle';
import { decodeXml } from './decode.ts';
import { BpmnImportError } from './errors.ts';
import { extractModel } from './extract.ts';
import type { ProcessModel } from './model.ts';
import { prescan } from './prescan.ts';

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
 * XML parser sees the input.
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
  prescan(text, limits);

  let result;
  try {
    result = await new BpmnModdle().fromXML(text, 'bpmn:Definitions');
  } catch (error) {
    throw fromParseFailure(error);
  }
  return extractModel(result.rootElement, triageWarnings(result.warnings));
}

/**
 * bpmn-moddle reports most damage as warnings and carries on. We refuse everything that means
 * the structure was not understood, and keep only what leaves the structure intact.
 */
function triageWarnings(warnings: ModdleWarning[]): string[] {
  const kept: string[] = [];
  for (const warning of warnings) {
    const message = warning.message;
    // We decoded the bytes ourselves; moddle only sees the declaration it cannot use.
    if (message.startsWith('unsupported document encoding')) continue;
    const unresolved = /^unresolved reference <([^>]*)>/.exec(message);
    if (unresolved) {
      kept.push(`unresolved reference to id "${unresolved[1].slice(0, 100)}"`);
      continue;
    }
    throw fromContentWarning(message, warning.error?.message ?? '');
  }
  return kept;
}

// Messages of the XML tokenizer (saxen) that mean the document is not well-formed.
const WELL_FORMEDNESS = /attribute|quote|xmlns|nodeName|tag|cdata|comment|question|end of file|namespace/i;

function fromContentWarning(message: string, nested: string): BpmnImportError {
  const where = position(message);
  const at = where.line !== undefined ? ` (line ${where.line}, column ${where.column})` : '';
  if (/^unknown type/.test(nested)) {
    return new BpmnImportError('invalid-bpmn', `The file uses an element that BPMN 2.0 does not define${at}.`, where);
  }
  if (/^unrecognized element/.test(nested)) {
    return new BpmnImportError('invalid-bpmn', `The file has an element in no known namespace where BPMN expects a BPMN element${at}.`, where);
  }
  if (/^duplicate ID/.test(nested)) {
    return new BpmnImportError('invalid-bpmn', `Two elements share the same id${at}; element ids must be unique.`, where);
  }
  if (/^illegal ID/.test(nested)) {
    return new BpmnImportError('invalid-bpmn', `An element id is not a valid XML name${at}.`, where);
  }
  if (WELL_FORMEDNESS.test(nested)) {
    return new BpmnImportError('not-xml', `The file is not well-formed XML: a tag or its attributes are malformed or repeated${at}.`, where);
  }
  return new BpmnImportError('invalid-bpmn', `The file does not follow the BPMN 2.0 structure${at}.`, where);
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

function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function definedOnly(options: ImportOptions): Partial<ImportLimits> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
