/** Liveness and the backends in use (`/health`). */
import { type Static, Type } from 'typebox';

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.String(),
  search: Type.String(),
  // Reported for an external search service (Meilisearch) only.
  searchAvailable: Type.Optional(Type.Boolean({ description: 'false while the external search service does not answer' })),
  searchBacklog: Type.Optional(Type.Integer({ description: 'Pages waiting in the search outbox' })),
  // Reported when several instances share a Redis (REDIS_URL set).
  redisAvailable: Type.Optional(Type.Boolean({ description: 'false while the shared Redis does not answer (instances serve their own clients, limits are per instance)' })),
  // Said only while it is so.
  storageFull: Type.Optional(Type.Literal(true, { description: 'The disk under the data directory (embedded database, stored files) has less than 16 MiB free: reads go on, writes are refused with 507 storage-full' })),
});
export type Health = Static<typeof HealthSchema>;

/** HTTP 503: the database does not answer. */
export const HealthDownSchema = Type.Object({ status: Type.Literal('degraded'), database: Type.String(), search: Type.String() });
