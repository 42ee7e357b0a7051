import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document: values that follow the
 * schema, and mutations of them (wrong types, missing or extra properties, huge, odd and hostile
 * strings) — the inputs a buggy script or an attacker sends.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
};

const hostileStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '../../etc/passwd',
  '%2e%2e%2f',
  '<script>alert(1)</script>',
  "'; drop table pages; --",
  '__proto__',
  'constructor',
  '\uD800',
  'Grüße aus Köln – ß ẞ 😀',
  'x'.repeat(70_000),
  '1e309',
  '-0',
  'null',
  '{"$ne":null}',
  '00000000-0000-0000-0000-000000000000',
);

const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  hostileStrings,
  fc.string(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.string(), { maxKeys: 3 }),
  fc.constant({ __proto__: { admin: true } }),
);

export class SchemaArbitraries {
  constructor(private readonly components: Record<string, JsonSchema> = {}) {}

  private resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let hops = 0; current.$ref && hops < 10; hops++) {
      current = this.components[current.$ref.replace('#/components/schemas/', '')] ?? {};
    }
    return current;
  }

  /** Values valid for the schema (as far as formats and patterns can be met blindly). */
  valid(input: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    if (schema.const !== undefined) return fc.constant(schema.const);
    if (schema.enum) return fc.constantFrom(...schema.enum);
    const union = schema.anyOf ?? schema.oneOf;
    if (union?.length) return fc.oneof(...union.map((s) => this.valid(s, depth + 1)));
    if (schema.allOf?.length) return this.valid(Object.assign({}, ...schema.allOf.map((s) => this.resolve(s))), depth + 1);
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      case 'string':
        return this.string(schema);
      case 'array':
        if (depth > 4) return fc.constant([]);
        return fc.array(this.valid(schema.items ?? {}, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
      case 'object': {
        if (depth > 4) return fc.constant({});
        const required = new Set(schema.required ?? []);
        const props = Object.entries(schema.properties ?? {});
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, value] of props) record[key] = this.valid(value, depth + 1);
        return fc.record(record, { requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)) });
      }
      default:
        return anyJson;
    }
  }

  private string(schema: JsonSchema): fc.Arbitrary<string> {
    switch (schema.format) {
      case 'uuid':
        return fc.uuid();
      case 'email':
        return fc.emailAddress();
      case 'date':
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      case 'date-time':
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
      case 'uri':
        return fc.webUrl();
    }
    const min = schema.minLength ?? 0;
    const max = Math.min(schema.maxLength ?? 40, 200);
    return fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' });
  }

  /** Valid values most of the time, mutated ones otherwise. */
  fuzzed(input: JsonSchema): fc.Arbitrary<unknown> {
    const schema = this.resolve(input);
    const valid = this.valid(schema);
    const mutations: fc.Arbitrary<unknown>[] = [anyJson, hostileStrings];
    if (schema.type === 'object' || schema.properties) {
      // One property replaced by anything, one required property left out, unknown properties added.
      mutations.push(
        fc.tuple(valid, fc.constantFrom(...Object.keys(schema.properties ?? {}), 'x'), anyJson).map(([v, key, junk]) => ({ ...(v as object), [key]: junk })),
        fc.tuple(valid, fc.constantFrom(...(schema.required?.length ? schema.required : ['x']))).map(([v, key]) => {
          const copy = { ...(v as Record<string, unknown>) };
          delete copy[key];
          return copy;
        }),
        fc.tuple(valid, fc.string({ maxLength: 10 }), anyJson).map(([v, key, junk]) => ({ ...(v as object), [key]: junk })),
      );
    }
    return fc.oneof({ arbitrary: valid, weight: 3 }, ...mutations.map((arbitrary) => ({ arbitrary, weight: 1 })));
  }
}
