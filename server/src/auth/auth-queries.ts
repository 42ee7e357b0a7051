import type { Kysely } from 'kysely';
import type { User } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { userJson, userSelect } from '../users/user-json.ts';
import { normaliseEmail } from '../users/users-service.ts';

/** An account with the hash its password is checked against. */
export interface Credentials {
  user: User;
  /** null: the account has no local password (made from a directory). */
  passwordHash: string | null;
}

/** The account an e-mail signs in to, matched as the login limiter keys it (trimmed, any case). */
export async function credentialsByEmail(db: Kysely<DB>, email: string): Promise<Credentials | undefined> {
  const row = await db
    .selectFrom('users')
    .select([...userSelect, 'password_hash'])
    .where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(email)))
    .executeTakeFirst();
  return row && { user: userJson(row), passwordHash: row.password_hash };
}

/** The signed-in account's credentials (a password change checks the current one first). */
export async function credentialsOf(db: Kysely<DB>, userId: string): Promise<Credentials> {
  const row = await db.selectFrom('users').select([...userSelect, 'password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
  return { user: userJson(row), passwordHash: row.password_hash };
}
