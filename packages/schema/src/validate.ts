/**
 * Validation of PM JSON that comes from outside (API, import, restore) against the schema.
 */
import { Node } from 'prosemirror-model';
import type { PMNodeJSON } from './json.ts';
import { schema } from './schema.ts';

/** Thrown when PM JSON does not describe a valid page body; `message` says what is wrong. */
export class InvalidDocumentError extends Error {
  override readonly name = 'InvalidDocumentError';
}

/**
 * Parses `json` into a ProseMirror node of the page schema and checks its content, marks and
 * attributes. Throws `InvalidDocumentError` for anything that is not a valid `doc`.
 */
export function parseDocJSON(json: unknown): Node {
  if (typeof json !== 'object' || json === null || (json as PMNodeJSON).type !== 'doc') {
    throw new InvalidDocumentError('Invalid document: expected a JSON object with type "doc"');
  }
  let node: Node;
  try {
    node = Node.fromJSON(schema, json);
    node.check();
  } catch (error) {
    throw new InvalidDocumentError(`Invalid document: ${(error as Error).message}`, { cause: error });
  }
  return node;
}

/** Validates `json` (see `parseDocJSON`) and returns its canonical JSON form. */
export function validateDocJSON(json: unknown): PMNodeJSON {
  return parseDocJSON(json).toJSON() as PMNodeJSON;
}
