import { type Kysely, sql } from 'kysely';

/**
 * Read-only API tokens: such a token reads what its user may read and changes nothing (the auth
 * plugin refuses every state-changing request it carries). Tokens made before stay full tokens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE api_tokens ADD COLUMN read_only boolean NOT NULL DEFAULT false`.execute(db);
}
