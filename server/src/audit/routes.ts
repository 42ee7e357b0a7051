import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { AuditCsvSchema, AuditExportQuery, type AuditFilters, AuditPageSchema, AuditQuery } from '@stafette/api';
import { sendDownload } from '../http/download.ts';
import { validationFailed } from '../http/problem.ts';
import { type AuditRow, auditEntries } from './audit-queries.ts';
import { csvLine } from './csv.ts';

const tags = ['audit'];

function entryJson(r: AuditRow) {
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

/** A time range that ends before it starts is a mistake worth saying, not an empty list. */
function checkRange(request: FastifyRequest & { query: AuditFilters }) {
  const { from, to } = request.query;
  if (from && to && new Date(from) > new Date(to)) throw validationFailed('`from` lies after `to`.');
}

/** The audit log is read-only through the product: these routes only query it. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/audit',
    {
      config: { access: { resource: 'instance', action: 'audit.read' } },
      schema: {
        tags,
        summary: 'Audit log, newest first, paged by cursor (administrators)',
        querystring: AuditQuery,
        response: { 200: AuditPageSchema },
      },
    },
    async (request) => {
      checkRange(request);
      const { cursor, limit, ...filters } = request.query;
      const rows = await auditEntries(app.db, filters, cursor ? Number(cursor) : null, limit + 1);
      const items = rows.slice(0, limit).map(entryJson);
      return { items, nextCursor: rows.length > limit ? String(items.at(-1)!.seq) : null };
    },
  );

  app.get(
    '/audit/export.csv',
    {
      config: { access: { resource: 'instance', action: 'audit.read' } },
      schema: {
        tags,
        summary: 'Audit log as CSV with the same filters, newest first (administrators)',
        querystring: AuditExportQuery,
        produces: ['text/csv'],
        response: { 200: AuditCsvSchema },
      },
    },
    async (request, reply) => {
      checkRange(request);
      const filters = request.query;
      // Streamed in batches by seq: memory stays one batch, however long the log.
      async function* csv() {
        yield '\uFEFF' + csvLine(['seq', 'time', 'actor_id', 'actor_name', 'action', 'target_type', 'target_id', 'ip', 'detail']);
        let before: number | null = null;
        for (;;) {
          const rows = await auditEntries(app.db, filters, before, 1000);
          yield rows.map((r) => csvLine([r.seq, r.created_at, r.actor_id, r.actor_name, r.action, r.target_type, r.target_id, r.ip, r.detail])).join('');
          if (rows.length < 1000) return;
          before = Number(rows.at(-1)!.seq);
        }
      }
      const stamp = new Date().toISOString().slice(0, 10);
      return sendDownload(reply, { name: `audit-${stamp}`, extension: 'csv', contentType: 'text/csv; charset=utf-8', body: Readable.from(csv()) });
    },
  );
};
