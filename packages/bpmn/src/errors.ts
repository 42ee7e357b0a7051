export type BpmnImportErrorCode =
  | 'not-xml'
  | 'not-bpmn'
  | 'doctype-forbidden'
  | 'too-large'
  | 'too-many-elements'
  | 'too-deep'
  | 'invalid-bpmn'
  | 'bad-encoding';

export interface BpmnImportErrorDetails {
  /** 1-based line of the offending markup, when known. */
  line?: number;
  /** 0-based column of the offending markup, when known. */
  column?: number;
}

/**
 * The one error type importBpmn throws for input it refuses. Messages describe the problem
 * in our own words and never quote the file's content, so they are safe to show to users
 * and to log.
 */
export class BpmnImportError extends Error {
  readonly code: BpmnImportErrorCode;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: BpmnImportErrorCode, message: string, details: BpmnImportErrorDetails = {}) {
    super(message);
    this.name = 'BpmnImportError';
    this.code = code;
    this.line = details.line;
    this.column = details.column;
  }
}

export function isBpmnImportError(value: unknown): value is BpmnImportError {
  return value instanceof BpmnImportError;
}
