import type { FastifyInstance } from 'fastify';
import type { RouteAccess } from './route-access.ts';

export interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
  /** The declared access; null when the route declares none (only public routes may). */
  access: RouteAccess | null;
}

const tables = new WeakMap<FastifyInstance, RouteEntry[]>();

/**
 * Records every route as it is registered, so the authorisation matrix test can check that
 * each API route declares its access and has an entry (a new route without them fails the suite).
 */
export function trackRoutes(app: FastifyInstance): void {
  const table: RouteEntry[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds HEAD twins of GET routes; they share the GET handler and its checks.
      if (method === 'HEAD' && table.some((r) => r.method === 'GET' && r.url === route.url)) continue;
      table.push({ method, url: route.url, public: Boolean(route.config?.public), access: route.config?.access ?? null });
    }
  });
}

export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return tables.get(app) ?? [];
}
