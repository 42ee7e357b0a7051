import { validationFailed } from '../http/problem.ts';
import type { BodyInput } from './body-converter.ts';

/**
 * A page body sent as Markdown (GFM; any text parses) or as ProseMirror JSON of the page
 * schema: exactly one of the two. Parsing and validation run later, in a worker
 * (body-converter.ts).
 */
export function bodyInput(input: { markdown?: string; doc?: unknown }): BodyInput {
  const given = (input.markdown !== undefined ? 1 : 0) + (input.doc !== undefined ? 1 : 0);
  if (given !== 1) throw validationFailed('Send exactly one of "markdown" and "doc".');
  return input.markdown !== undefined ? { markdown: input.markdown } : { doc: input.doc };
}
