import type { Kysely } from 'kysely';
import type { AuditFilters } from '@stafette/api';
import type { DB } from '../db/schema.ts';

/** Audit entries matching the filters, newest first, older than `before` (a seq) when given. */
export function auditEntries(db: Kysely<DB>, filters: AuditFilters, before: number | null, limit: number) {
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

export type AuditRow = Awaited<ReturnType<typeof auditEntries>>[number];
