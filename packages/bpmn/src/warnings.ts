/**
 * What a lenient import tolerated: the file imports, and the user sees each of these with its
 * line. Messages are English (like problem details); clients word them from `code` and `subject`.
 */
export type ImportWarningCode =
  /** An id that is not an XML name; kept exactly as written. */
  | 'invalid-id'
  /** A second element with an id already used; kept under a derived id. */
  | 'duplicate-id'
  /** A flow node, flow, lane or pool without id; given one derived from its kind and position. */
  | 'missing-id'
  /** An element in the BPMN namespace that BPMN 2.0 does not define; skipped, its children kept. */
  | 'unknown-element'
  /** An element of another namespace outside extensionElements; skipped, its children kept. */
  | 'foreign-element'
  /** An attribute with an undeclared namespace prefix, or unknown in the BPMN namespace; ignored. */
  | 'unknown-attribute'
  /** A step, flow or data object where BPMN does not allow it (in a task, a lane, extensionElements, outside any process); moved into the process or sub-process around it. */
  | 'lifted-element'
  /** Content bpmn-moddle could not place (an element where BPMN does not allow it, stray text); skipped. */
  | 'skipped-content'
  /** A reference to an id that does not exist. */
  | 'unresolved-reference'
  /** A sequence or message flow whose source or target is missing or not a flow node. */
  | 'unconnected-flow'
  /** A lane that lists no flow node and has no child lanes. */
  | 'empty-lane'
  /** A pool whose process is not in the file, or a process shown by several pools. */
  | 'missing-process'
  | 'shared-process'
  /** No process and no choreography at all: the process is created without steps. */
  | 'no-process'
  /** More warnings than are kept; the rest are counted in the message. */
  | 'more-warnings';

export interface ImportWarning {
  code: ImportWarningCode;
  message: string;
  /** 1-based line in the uploaded file, when known. */
  line: number | null;
  /** The id or element name concerned, when there is one (at most 100 characters). */
  subject?: string;
}

/** Most warnings kept per import; a file with thousands of vendor elements would drown the list. */
export const MAX_WARNINGS = 200;

export class WarningList {
  readonly items: ImportWarning[] = [];
  private dropped = 0;

  add(code: ImportWarningCode, message: string, line: number | null, subject?: string): void {
    if (this.items.length >= MAX_WARNINGS) {
      this.dropped++;
      return;
    }
    this.items.push(subject === undefined ? { code, message, line } : { code, message, line, subject: clip(subject) });
  }

  done(): ImportWarning[] {
    const sorted = [...this.items].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
    if (this.dropped > 0) sorted.push({ code: 'more-warnings', message: `${this.dropped} more warnings were not kept.`, line: null });
    return sorted;
  }
}

export function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}
