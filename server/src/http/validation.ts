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

export const validationPlugin = fp(async function validation(app: FastifyInstance) {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema),
  );
});
