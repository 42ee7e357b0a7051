import { type Kysely, sql } from 'kysely';

/**
 * Comments, mentions and notifications (server/src/comments, server/src/notifications,
 * server/src/mail): comment threads on pages (kept here, not in the page's Yjs document),
 * who watches which page, the per-user inbox, mail preferences and the durable mail queue.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // Per space: may readers comment? No row means the default (yes).
  await sql`
    CREATE TABLE space_comment_settings (
      space_id uuid PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
      readers_may_comment boolean NOT NULL DEFAULT true,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // A thread is its root comment (thread_id null) and the replies pointing at it. The anchor
  // of an inline root holds two encoded Yjs relative positions and the quoted text; page-level
  // discussion has none. Deleting a root deletes its thread.
  await sql`
    CREATE TABLE comments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      thread_id uuid REFERENCES comments (id) ON DELETE CASCADE,
      author_id uuid REFERENCES users (id) ON DELETE SET NULL,
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
      anchor jsonb,
      resolved_at timestamptz,
      resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      edited_at timestamptz,
      CHECK (thread_id IS NULL OR anchor IS NULL)
    )`.execute(db);
  await sql`CREATE INDEX comments_page_idx ON comments (page_id, created_at)`.execute(db);
  await sql`CREATE INDEX comments_thread_idx ON comments (thread_id)`.execute(db);

  // Who was mentioned where already: a mention notifies once, also when the comment or page is edited.
  await sql`
    CREATE TABLE mentions (
      source_key text NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (source_key, user_id)
    )`.execute(db);

  // Comments are searchable with their page: a comment change queues the page (see
  // server/src/search/README.md; search_enqueue comes from migration 0006).
  await sql`
    CREATE FUNCTION comments_search_queue() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM search_enqueue(ARRAY[OLD.page_id]);
        RETURN OLD;
      END IF;
      IF TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body THEN
        PERFORM search_enqueue(ARRAY[NEW.page_id]);
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER comments_search_queue AFTER INSERT OR UPDATE OR DELETE ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_search_queue()`.execute(db);

  // Watching a page; watching false keeps an explicit "unwatch" so automatic watching
  // (authors, responsible persons) does not come back.
  await sql`
    CREATE TABLE page_watches (
      page_id uuid NOT NULL REFERENCES pages (id) ON DELETE CASCADE,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      watching boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (page_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX page_watches_user_idx ON page_watches (user_id)`.execute(db);

  // The inbox. batch_key makes a notice idempotent (one per mention, per audit entry) or
  // batches (one per watched page per hour). mail: null = nothing to send; 'queued' = handed
  // to the mail queue; 'digest' = waits for the daily digest; 'done' = digested or not mailed.
  await sql`
    CREATE TABLE notifications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      page_id uuid REFERENCES pages (id) ON DELETE CASCADE,
      comment_id uuid REFERENCES comments (id) ON DELETE SET NULL,
      interview_id uuid,
      actor_id uuid REFERENCES users (id) ON DELETE SET NULL,
      detail jsonb NOT NULL DEFAULT '{}',
      batch_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      mail text,
      UNIQUE (user_id, batch_key)
    )`.execute(db);
  await sql`CREATE INDEX notifications_inbox_idx ON notifications (user_id, updated_at DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX notifications_mail_idx ON notifications (mail) WHERE mail = 'digest'`.execute(db);

  // Where the sweep that turns audit entries and edits into notices got to (one row).
  await sql`
    CREATE TABLE notification_sweep (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      swept_at timestamptz NOT NULL
    )`.execute(db);

  // Mail per user and kind: instant, digest or off. No row: the kind's default.
  await sql`
    CREATE TABLE mail_preferences (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      kind text NOT NULL,
      mode text NOT NULL CHECK (mode IN ('instant', 'digest', 'off')),
      PRIMARY KEY (user_id, kind)
    )`.execute(db);

  // The durable outgoing queue. dedupe_key makes enqueuing idempotent; a worker claims due rows
  // with FOR UPDATE SKIP LOCKED and leases them (locked_until), so several instances send each once.
  await sql`
    CREATE TABLE mail_queue (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      dedupe_key text NOT NULL UNIQUE,
      user_id uuid REFERENCES users (id) ON DELETE CASCADE,
      to_address text NOT NULL,
      message jsonb NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX mail_queue_due_idx ON mail_queue (next_attempt_at) WHERE sent_at IS NULL`.execute(db);

  // The key that signs one-click unsubscribe links (one row, made on first use).
  await sql`
    CREATE TABLE mail_secret (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      secret bytea NOT NULL
    )`.execute(db);
}
