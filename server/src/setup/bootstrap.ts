import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema.ts';
import { randomToken, tokenHash } from '../auth/secrets.ts';
import { recordAudit } from '../audit/record.ts';
import { hasAccounts } from '../users/users-queries.ts';
import { insertUser } from '../users/users-service.ts';

export type BootstrapResult = { kind: 'ready' } | { kind: 'admin-created'; email: string } | { kind: 'setup-required'; token: string };

/**
 * First start: with no account yet, create the administrator from the environment, or issue a
 * one-time setup token whose URL the operator opens to choose the administrator.
 */
export async function bootstrapInstance(
  db: Kysely<DB>,
  admin: { email: string | null; password: string | null },
): Promise<BootstrapResult> {
  if (await hasAccounts(db)) return { kind: 'ready' };
  if (admin.email && admin.password) {
    const email = admin.email;
    const password = admin.password;
    await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, { email, password, displayName: 'Administrator', role: 'admin' });
      await recordAudit(trx, { actorId: null, ip: null, action: 'user.create', targetType: 'user', targetId: user.id, detail: { email: user.email, role: 'admin', via: 'environment' } });
    });
    return { kind: 'admin-created', email };
  }
  const token = randomToken();
  await db.deleteFrom('setup_tokens').execute();
  await db.insertInto('setup_tokens').values({ token_hash: tokenHash(token) }).execute();
  return { kind: 'setup-required', token };
}

export function logBootstrap(result: BootstrapResult, publicUrl: string, log: FastifyBaseLogger): void {
  if (result.kind === 'admin-created') log.info(`Created the administrator account ${result.email}.`);
  if (result.kind === 'setup-required') {
    const url = `${publicUrl.replace(/\/$/, '')}/setup?token=${result.token}`;
    // Printed plainly as well: the operator must see it even with a JSON log shipper in between.
    process.stdout.write(`\n  No account exists yet. Open this one-time link to create the administrator:\n  ${url}\n\n`);
  }
}
