import { InvalidDocumentError, markdownToJSON, type PMNodeJSON, validateDocJSON } from '@stafette/schema';
import { Problem, validationFailed } from '../http/problem.ts';

/**
 * A page body sent as Markdown (GFM; any text parses) or as ProseMirror JSON of the page
 * schema. Invalid JSON documents are refused with what is wrong.
 */
export function bodyFromInput(input: { markdown?: string; doc?: unknown }): PMNodeJSON {
  const given = (input.markdown !== undefined ? 1 : 0) + (input.doc !== undefined ? 1 : 0);
  if (given !== 1) throw validationFailed('Send exactly one of "markdown" and "doc".');
  if (input.markdown !== undefined) return markdownToJSON(input.markdown);
  try {
    return validateDocJSON(input.doc);
  } catch (err) {
    if (err instanceof InvalidDocumentError) {
      throw new Problem(422, 'invalid-document', 'Invalid document', err.message);
    }
    throw err;
  }
}
