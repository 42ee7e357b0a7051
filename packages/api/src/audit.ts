/** The audit log, read-only through the product (`/audit`). */
import { type Static, Type } from 'typebox';
import { DateTime, Nullable, Uuid } from './common.ts';
import { AUDIT_ACTION_MAX_LENGTH, AUDIT_TARGET_MAX_LENGTH } from './limits.ts';

const Filters = {
  actor: Type.Optional(Type.String({ format: 'uuid', description: 'Bare user id of the actor' })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: AUDIT_ACTION_MAX_LENGTH, description: 'Exact action, e.g. page.move' })),
  target: Type.Optional(Type.String({ minLength: 1, maxLength: AUDIT_TARGET_MAX_LENGTH, description: 'Bare id of the target' })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Inclusive lower bound (ISO 8601)' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Exclusive upper bound (ISO 8601)' })),
};

/** The filters of the list and of the CSV export. */
export const AuditExportQuery = Type.Object(Filters);
export type AuditFilters = Static<typeof AuditExportQuery>;

export const AuditQuery = Type.Object({
  ...Filters,
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', description: 'nextCursor of the previous page' })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});

export const AuditEntrySchema = Type.Object({
  id: Uuid,
  seq: Type.Integer(),
  at: DateTime,
  actorId: Nullable(Uuid),
  actorName: Nullable(Type.String()),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** One page of the log, newest first; `nextCursor` null on the last page. */
export const AuditPageSchema = Type.Object({ items: Type.Array(AuditEntrySchema), nextCursor: Nullable(Type.String()) });
export type AuditPage = Static<typeof AuditPageSchema>;
export const AuditCsvSchema = Type.String({ description: 'CSV, UTF-8 with BOM, one row per entry' });

/** `GET /admin/backup`: the embedded database's data directory. */
export const BackupArchiveSchema = Type.String({ description: 'gzipped tar of the PGlite data directory (binary)' });
