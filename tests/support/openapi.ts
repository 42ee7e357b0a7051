import type { FastifyInstance } from 'fastify';
import { routeTable } from '../../server/src/policy/route-table.ts';

export interface Operation {
  summary?: string;
  tags?: string[];
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
  requestBody?: { content: Record<string, unknown> };
}

export interface DocumentedRoute {
  method: string;
  url: string;
  /** The OpenAPI operation that documents the route; undefined when the document lacks it. */
  operation: Operation | undefined;
}

/**
 * The /api/v1 routes the app registered (its route table, so a new route is included without
 * naming it), each with its operation in /api/docs/json. Filter by `url` for a module's routes.
 */
export async function documentedRoutes(app: FastifyInstance): Promise<DocumentedRoute[]> {
  const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
  if (res.statusCode !== 200) throw new Error(`OpenAPI document: ${res.statusCode}`);
  const paths = res.json().paths as Record<string, Record<string, Operation>>;
  return routeTable(app)
    .filter((route) => route.url.startsWith('/api/v1/'))
    .map(({ method, url }) => ({ method, url, operation: paths[url.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()] }));
}

/**
 * What a route's documentation lacks: the operation, a summary, a tag, a success response, or
 * the content of one (a route that declares no response gets Swagger's contentless "200 Default
 * Response"; only a 204 has no body).
 */
export function documentationGaps({ operation }: DocumentedRoute): string[] {
  if (!operation) return ['not in the document'];
  // A route whose answer is a redirect (sign-in through a provider) succeeds with its 3xx.
  const successes = Object.entries(operation.responses ?? {}).filter(([status]) => /^[23]/.test(status));
  return [
    ...(operation.summary?.trim() ? [] : ['no summary']),
    ...(operation.tags?.length ? [] : ['no tag']),
    ...(successes.length ? [] : ['no success response']),
    ...successes.filter(([status, response]) => status !== '204' && !status.startsWith('3') && !Object.keys(response.content ?? {}).length).map(([status]) => `${status} without content`),
  ];
}
