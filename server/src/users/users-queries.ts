import type { Kysely } from 'kysely';
import type { User } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { userJson, userSelect } from './user-json.ts';

/**
 * Reads of accounts. Whether deactivated (and pseudonymised) accounts are shown is the caller's
 * right (`users.seeAll`), decided by the route; these only apply it.
 */

export interface UserListFilter {
  includeInactive: boolean;
  /** Part of the display name or e-mail, as typed: `%` and `_` are no wildcards. */
  q?: string;
}

/** Accounts by display name (at most 1000). */
export async function listUsers(db: Kysely<DB>, filter: UserListFilter): Promise<User[]> {
  let query = db.selectFrom('users').select(userSelect).orderBy('display_name').limit(1000);
  if (!filter.includeInactive) query = query.where('active', '=', true);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    query = query.where((eb) => eb.or([eb('display_name', 'ilike', like), eb('email', 'ilike', like)]));
  }
  return (await query.execute()).map(userJson);
}

/** One account; undefined when there is none or it is inactive and `includeInactive` is false. */
export async function findUser(db: Kysely<DB>, id: string, options: { includeInactive: boolean }): Promise<User | undefined> {
  let query = db.selectFrom('users').select(userSelect).where('id', '=', id);
  if (!options.includeInactive) query = query.where('active', '=', true);
  const row = await query.executeTakeFirst();
  return row && userJson(row);
}

/** Whether any account exists (an instance without one still needs its first administrator). */
export async function hasAccounts(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}
