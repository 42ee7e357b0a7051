import type { BpmnImportError, BpmnImportErrorCode } from '@stafette/bpmn';
import { Problem } from '../http/problem.ts';

const TITLES: Record<BpmnImportErrorCode, string> = {
  'not-xml': 'The file is not XML',
  'not-bpmn': 'The file is not a BPMN 2.0 model',
  'doctype-forbidden': 'DOCTYPE and entity declarations are not allowed',
  'too-large': 'The file is too large',
  'too-many-elements': 'The file has too many elements',
  'too-deep': 'The file is nested too deeply',
  'invalid-bpmn': 'The BPMN model is not valid',
  'bad-encoding': 'The file has a wrong character encoding',
};

/**
 * A refused BPMN file as problem+json: `urn:stafette:problem:bpmn-<code>`, 413 for size,
 * 422 for content. The parser's messages never quote the file, so they are safe to return.
 */
export function bpmnProblem(error: BpmnImportError): Problem {
  const status = error.code === 'too-large' ? 413 : 422;
  const where = error.line !== undefined ? { line: error.line, ...(error.column !== undefined ? { column: error.column } : {}) } : {};
  return new Problem(status, `bpmn-${error.code}`, TITLES[error.code], error.message, where);
}
