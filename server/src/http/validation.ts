import { Ajv } from 'ajv';
import formats from 'ajv-formats';

const addFormats = formats as unknown as typeof formats.default;
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify';
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

/**
 * JSON path of the first string (or key) holding a NUL character, which PostgreSQL cannot store.
 * Walks with its own stack: bodies may nest thousands of levels before their own bound refuses them.
 */
export function nulPath(value: unknown): string | null {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\0')) return path;
      continue;
    }
    if (!item || typeof item !== 'object' || ArrayBuffer.isView(item)) continue;
    const entries = Object.entries(item);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes('\0')) return at;
      pending.push([child, at]);
    }
  }
  return null;
}

type Validate = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/** A NUL in any request string is a 400 here, not a database error (a 500) at the first query. */
function refusingNul(validate: Validate): Validate {
  const wrapped: Validate = (data) => {
    if (!validate(data)) {
      wrapped.errors = validate.errors;
      return false;
    }
    const at = nulPath(data);
    if (at === null) return true;
    wrapped.errors = [{ instancePath: at, schemaPath: '#', keyword: 'nul', params: {}, message: 'must not contain NUL characters' }];
    return false;
  };
  return wrapped;
}

export const validationPlugin = fp(async function validation(app: FastifyInstance) {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    refusingNul((httpPart === 'body' ? strict : coercing).compile(boundIntegers(schema))),
  );
});
