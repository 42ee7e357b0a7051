import { Ajv } from 'ajv';
import formats from 'ajv-formats';

const addFormats = formats as unknown as typeof formats.default;
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Bodies are validated strictly: unknown fields and wrong types are errors, never silently
 * dropped or coerced. Querystrings and path params arrive as strings and are coerced.
 */
function makeAjv(coerce: boolean) {
  const ajv = new Ajv({
    removeAdditional: false,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    allErrors: false,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

const INT4_MAX = 2 ** 31 - 1;

/**
 * Request integers end up in int4 columns and counters: a schema integer without bounds gets
 * PostgreSQL's, so `?version=1e309` or `99999999999` is a 400 here instead of a database error.
 * Copies the schema; response serialisers share the original.
 */
export function boundIntegers<T>(schema: T): T {
  if (Array.isArray(schema)) return schema.map(boundIntegers) as T;
  if (!schema || typeof schema !== 'object') return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = boundIntegers(value);
  if (copy.type === 'integer') {
    copy.maximum ??= INT4_MAX;
    copy.minimum ??= -INT4_MAX - 1;
  }
  return copy as T;
}

export const validationPlugin = fp(async function validation(app: FastifyInstance) {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(boundIntegers(schema)),
  );
});
