import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendDownload } from '../http/download.ts';
import { badRequest, forbidden } from '../http/problem.ts';
import { currentUser } from '../auth/auth.ts';
import { canOnInstance } from '../policy/instance.ts';
import type { DB } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import { csvLine } from './csv.ts';

const tags = ['audit'];

const Filters = {
  actor: Type.Optional(Type.String({ format: 'uuid', description: 'Bare user id of the actor' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Exact action, e.g. page.move' })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Bare id of the target' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive lower bound (ISO 8601)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive upper bound (ISO 8601)' })),
};
type FilterValues = { actor?: string; action?: string; target?: string; from?: string; to?: string };

const EntrySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seq: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Record(Type.String(), Type.Unknown()),
});

function query(db: Kysely<DB>, filters: FilterValues, before: number | null, limit: number) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .selectAll('audit_log')
    .select('users.display_name as actor_name')
    .orderBy('audit_log.seq', 'desc')
    .limit(limit);
  if (filters.actor) q = q.where('audit_log.actor_id', '=', filters.actor);
  if (filters.action) q = q.where('audit_log.action', '=', filters.action);
  if (filters.target) q = q.where('audit_log.target_id', '=', filters.target);
  if (filters.from) q = q.where('audit_log.created_at', '>=', new Date(filters.from));
  if (filters.to) q = q.where('audit_log.created_at', '<', new Date(filters.to));
  if (before !== null) q = q.where('audit_log.seq', '<', before);
  return q.execute();
}

type Row = Awaited<ReturnType<typeof query>>[number];

function entryJson(r: Row) {
  return {
    id: r.id,
    seq: Number(r.seq),
    at: r.created_at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    ip: r.ip,
    detail: r.detail,
  };
}

function authorise(request: FastifyRequest & { query: FilterValues }) {
  if (!canOnInstance(currentUser(request), 'audit.read')) throw forbidden('Only administrators read the audit log.');
  const { from, to } = request.query;
  if (from && to && new Date(from) > new Date(to)) throw badRequest('`from` lies after `to`.');
}

/** The audit log is read-only through the product: these routes only query it. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags,
        summary: 'Audit log, newest first, paged by cursor (administrators)',
        querystring: Type.Object({
          ...Filters,
          cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' })),
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
        }),
        response: { 200: Type.Object({ items: Type.Array(EntrySchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
      },
    },
    async (request) => {
      authorise(request);
      const { cursor, limit, ...filters } = request.query;
      const rows = await query(app.db, filters, cursor ? Number(cursor) : null, limit + 1);
      const items = rows.slice(0, limit).map(entryJson);
      return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.seq) : null };
    },
  );

  app.get(
    '/audit/export.csv',
    {
      schema: {
        tags,
        summary: 'Audit log as CSV with the same filters, newest first (administrators)',
        querystring: Type.Object(Filters),
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'CSV, UTF-8 with BOM, one row per entry' }) },
      },
    },
    async (request, reply) => {
      authorise(request);
      // Built in batches by seq so a large log does not sit in one query result.
      let csv = '\uFEFF' + csvLine(['seq', 'time', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'ip', 'detail']);
      let before: number | null = null;
      for (;;) {
        const rows = await query(app.db, request.query, before, 1000);
        for (const r of rows) {
          csv += csvLine([r.seq, r.created_at, r.actor_id, r.actor_name, r.action, r.target_type, r.target_id, r.ip, r.detail]);
        }
        if (rows.length < 1000) break;
        before = Number(rows.at(-1)!.seq);
      }
      const stamp = new Date().toISOString().slice(0, 10);
      return sendDownload(reply, { name: `audit-${stamp}`, extension: 'csv', contentType: 'text/csv; charset=utf-8', body: csv });
    },
  );
};
