import { createHmac, randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from './schema.ts';

/**
 * The instance's own key, kept in the database (made on first use) so that every instance of one
 * installation holds the same and nobody else does. The table is called `mail_secret` because
 * unsubscribe links used it first; other uses take a key derived from it (`derivedKey`).
 */
export async function instanceSecret(db: Kysely<DB>): Promise<Buffer> {
  await sql`INSERT INTO mail_secret (id, secret) VALUES (true, ${randomBytes(32)}) ON CONFLICT (id) DO NOTHING`.execute(db);
  const row = await db.selectFrom('mail_secret').select('secret').executeTakeFirstOrThrow();
  return Buffer.from(row.secret);
}

/** A key for one purpose (`label`), so no two uses ever share one. */
export async function derivedKey(db: Kysely<DB>, label: string): Promise<Buffer> {
  return createHmac('sha256', await instanceSecret(db)).update(`stafette:${label}`).digest();
}
