import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BackupArchiveSchema } from '@stafette/api';
import { recordAudit } from '../audit/record.ts';
import { currentUser } from '../auth/auth.ts';
import { sendDownload } from '../http/download.ts';
import { Problem } from '../http/problem.ts';

/**
 * A backup of the embedded database while the server runs. PGlite lives inside the server
 * process, so `pnpm stafette backup` can only reach it with the server stopped; this route dumps
 * it from inside. The dump runs between two queries (PGlite's own lock), so it is consistent;
 * every request waits for it meanwhile. With PostgreSQL, `pg_dump` (or the CLI) backs up a
 * running server already, so the route says so instead.
 */
export const backupRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/admin/backup',
    {
      config: { access: { resource: 'instance', action: 'backup.download' } },
      schema: {
        tags: ['backup'],
        summary: 'Download a backup of the embedded database while the server runs (administrators)',
        description:
          'PGlite only: its data directory as a gzipped tar, restorable with `pnpm stafette restore <file>`. Stored files (`<data dir>/files`) are not in it; copy that directory as well. ' +
          'With PostgreSQL: 409 `backup-not-embedded` (use `pg_dump` or `pnpm stafette backup`, which run while the server does). Audited as `backup.download`.',
        produces: ['application/gzip'],
        response: { 200: BackupArchiveSchema },
      },
    },
    async (request, reply) => {
      const pglite = app.database.pglite;
      if (!pglite) {
        throw new Problem(
          409,
          'backup-not-embedded',
          'Backup runs outside the server',
          'This server uses PostgreSQL: back it up with pg_dump or `pnpm stafette backup <file>`, both while the server runs.',
        );
      }
      const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer());
      await recordAudit(app.db, {
        actorId: currentUser(request).id,
        ip: request.ip,
        action: 'backup.download',
        targetType: 'instance',
        targetId: null,
        detail: { database: 'pglite', bytes: dump.length },
      });
      const stamp = new Date().toISOString().slice(0, 10);
      return sendDownload(reply, { name: `stafette-backup-${stamp}.tar`, extension: 'gz', contentType: 'application/gzip', body: dump });
    },
  );
};
