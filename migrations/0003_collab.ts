import { type Kysely, sql } from 'kysely';

/**
 * Collaboration: the append-only update log of each page's Yjs document (a snapshot row plus
 * the tail after it, see server/src/collab/README.md) and short-lived collaboration tokens.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // seq orders the log; one global identity keeps multi-row inserts cheap. A snapshot row folds
  // every row of its page with a smaller seq that existed when it was written.
  await sql`
    CREATE TABLE page_updates (
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      seq bigint GENERATED ALWAYS AS IDENTITY,
      snapshot boolean NOT NULL DEFAULT false,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (page_id, seq)
    )`.execute(db);

  await sql`
    CREATE TABLE collab_tokens (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX collab_tokens_expires_idx ON collab_tokens (expires_at)`.execute(db);
}
