import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type JsonSchema, SchemaArbitraries } from './schema-arbitrary.ts';

/**
 * Property-based fuzzing of every operation in the OpenAPI document: path, query, headers and
 * body generated from the operation's schemas plus mutations, sent by a signed-in caller who
 * may do almost everything. The property: never a 5xx, never a stack trace in the answer.
 */
export interface FuzzCaller {
  headers: Record<string, string>;
}

export interface FuzzOptions {
  runsPerOperation: number;
  seed: number;
  /** Real ids by the path segment before the parameter (`pages`, `spaces`, …), so handlers go past "not found". */
  ids: Record<string, string[]>;
  /** A caller with a fresh session; called again when an operation ended the previous one. */
  caller(): Promise<FuzzCaller>;
  /** Operations not to send, e.g. `POST /api/v1/auth/logout` would only measure re-login. */
  skip?: (method: string, path: string) => boolean;
}

export interface FuzzFinding {
  operation: string;
  status: number;
  excerpt: string;
  counterexample: string;
}

interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

interface Request {
  path: Record<string, string>;
  query: Record<string, unknown>;
  headers: Record<string, string>;
  body: unknown;
}

const STACK_TRACE = /\n\s+at [\w.<>]+ \(|node_modules\/|\.ts:\d+:\d+/;

const hostileHeaders = fc.record(
  {
    'accept-language': fc.constantFrom('de-DE', 'xx', '*;q=abc', 'ä'.repeat(300)),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'nonsense', '::1, 999.1.1.1', ''),
    range: fc.constantFrom('bytes=0-10', 'bytes=-1', 'bytes=999999999-', 'bytes=5-1', 'pages=1'),
    'if-none-match': fc.constantFrom('"x"', '*', 'W/""'),
  },
  { requiredKeys: [] },
);

function pathArbitrary(path: string, parameters: Parameter[], ids: Record<string, string[]>, schemas: SchemaArbitraries): fc.Arbitrary<Record<string, string>> {
  const record: Record<string, fc.Arbitrary<string>> = {};
  const segments = path.split('/');
  for (const p of parameters.filter((x) => x.in === 'path')) {
    const before = segments[segments.indexOf(`{${p.name}}`) - 1] ?? '';
    const known = ids[before] ?? ids[p.name] ?? [];
    const generated = schemas.fuzzed(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'x'));
    record[p.name] = known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 4 }, { arbitrary: generated, weight: 1 }) : generated;
  }
  return fc.record(record);
}

function requestArbitrary(path: string, operation: Operation, ids: Record<string, string[]>, schemas: SchemaArbitraries): fc.Arbitrary<Request> {
  const parameters = operation.parameters ?? [];
  const query: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of parameters.filter((x) => x.in === 'query')) query[p.name] = schemas.fuzzed(p.schema);
  const content = operation.requestBody?.content ?? {};
  const [type, media] = Object.entries(content)[0] ?? [];
  const body = media?.schema ? schemas.fuzzed(media.schema) : fc.constant(undefined);
  return fc.record({
    path: pathArbitrary(path, parameters, ids, schemas),
    query: fc.record(query, { requiredKeys: [] }),
    headers: fc.tuple(hostileHeaders, fc.constantFrom(type ?? 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16')).map(([h, contentType]) => ({ ...h, 'content-type': contentType })),
    body,
  }) as fc.Arbitrary<Request>;
}

function encode(value: unknown, contentType: string): string | undefined {
  if (value === undefined) return undefined;
  if (contentType.startsWith('application/json')) return JSON.stringify(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Percent-encoding; a lone surrogate goes out as the bytes of its CESU-8 form, which is not UTF-8. */
function encodeSegment(value: string): string {
  return value.replace(/[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/g, (part) => {
    if (part.length > 1 || !/[\uD800-\uDFFF]/.test(part)) return encodeURIComponent(part);
    const code = part.charCodeAt(0);
    return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  });
}

function urlOf(path: string, request: Request): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(request.path[name] ?? 'x'));
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, typeof item === 'string' ? item : JSON.stringify(item));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}

export async function fuzzRest(app: FastifyInstance, options: FuzzOptions): Promise<{ requests: number; operations: number; findings: FuzzFinding[] }> {
  const doc = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
    components?: { schemas?: Record<string, JsonSchema> };
  };
  const schemas = new SchemaArbitraries(doc.components?.schemas);
  let caller = await options.caller();
  let requests = 0;
  let operations = 0;
  const findings: FuzzFinding[] = [];

  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      if (options.skip?.(method.toUpperCase(), path)) continue;
      operations += 1;
      let last: LightMyRequestResponse | undefined;
      const property = fc.asyncProperty(requestArbitrary(path, operation, options.ids, schemas), async (request) => {
        const payload = encode(request.body, request.headers['content-type']!);
        last = await app.inject({
          method: method.toUpperCase() as 'GET',
          url: urlOf(path, request),
          headers: { ...request.headers, ...caller.headers },
          ...(payload !== undefined && method !== 'get' ? { payload } : {}),
        });
        requests += 1;
        // The operation may have ended the session (sign-out, password change): sign in again.
        if (last.statusCode === 401) caller = await options.caller();
        return last.statusCode < 500 && !STACK_TRACE.test(last.body);
      });
      const result = await fc.check(property, { numRuns: options.runsPerOperation, seed: options.seed, endOnFailure: true });
      if (result.failed) {
        findings.push({
          operation: `${method.toUpperCase()} ${path}`,
          status: last?.statusCode ?? 0,
          excerpt: (result.errorInstance ? String(result.errorInstance) : (last?.body ?? '')).slice(0, 400),
          counterexample: JSON.stringify(result.counterexample)?.slice(0, 600) ?? '',
        });
      }
    }
  }
  return { requests, operations, findings };
}
