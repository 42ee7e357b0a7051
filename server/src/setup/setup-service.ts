import type { Kysely } from 'kysely';
import type { SetupInput, User } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { conflict, Problem } from '../http/problem.ts';
import { recordAudit } from '../audit/record.ts';
import { safeEqual, tokenHash } from '../auth/secrets.ts';
import { userJson } from '../users/user-json.ts';
import { insertUser } from '../users/users-service.ts';

/**
 * The first administrator, chosen by whoever holds the one-time setup token printed at first
 * start. One transaction: the token is used up, the account created and recorded, or nothing.
 */
export async function completeSetup(db: Kysely<DB>, input: SetupInput, ip: string | null): Promise<User> {
  const { token, ...account } = input;
  const row = await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('users').select('id').limit(1).executeTakeFirst()) throw conflict('The instance is set up already.', 'setup-done');
    const stored = await trx.selectFrom('setup_tokens').select('token_hash').where('used_at', 'is', null).forUpdate().executeTakeFirst();
    if (!stored || !safeEqual(stored.token_hash, tokenHash(token))) {
      throw new Problem(403, 'setup-token-invalid', 'Setup link not valid', 'Use the link printed by the server at its first start.');
    }
    await trx.updateTable('setup_tokens').set({ used_at: new Date() }).execute();
    const user = await insertUser(trx, { ...account, role: 'admin' });
    await recordAudit(trx, { actorId: user.id, ip, action: 'user.create', targetType: 'user', targetId: user.id, detail: { role: 'admin', via: 'setup' } });
    return user;
  });
  return userJson(row);
}
