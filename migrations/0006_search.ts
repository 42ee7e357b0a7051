import { type Kysely, sql } from 'kysely';

/**
 * Full-text search on PostgreSQL: the outbox that feeds every search backend, the search
 * documents of the embedded backend (their own table, so reindexing and swapping in another
 * backend never touch `pages`), the corpus vocabulary used for typo and compound expansion,
 * and the synonym groups administrators add to the shipped list.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One row per page waiting to be (re)indexed. No foreign key: a deleted page must still reach
  // the indexer so its document is removed. `seq` changes on every enqueue, so the indexer
  // deletes a row only if nobody enqueued the page again while it was being indexed.
  await sql`CREATE SEQUENCE search_outbox_seq`.execute(db);
  await sql`
    CREATE TABLE search_outbox (
      page_id uuid PRIMARY KEY,
      seq bigint NOT NULL DEFAULT nextval('search_outbox_seq'),
      enqueued_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      next_attempt_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX search_outbox_due_idx ON search_outbox (next_attempt_at)`.execute(db);

  // fastupdate is off: a GIN pending list after bulk indexing makes every query scan it
  // linearly (hundreds of ms at 20k pages) until a vacuum; search latency matters more.
  // title_tsv is a separate, small vector so that frequent terms can be ranked over a capped
  // candidate set that always includes the pages whose title matches.
  await sql`
    CREATE TABLE search_documents (
      page_id uuid PRIMARY KEY,
      space_id uuid NOT NULL,
      title text NOT NULL,
      headings text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      steps jsonb NOT NULL DEFAULT '[]',
      process_ids uuid[] NOT NULL DEFAULT '{}',
      step_keys text[] NOT NULL DEFAULT '{}',
      title_tsv tsvector NOT NULL,
      tsv tsvector NOT NULL,
      indexed_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX search_documents_tsv_idx ON search_documents USING gin (tsv) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE INDEX search_documents_title_tsv_idx ON search_documents USING gin (title_tsv) WITH (fastupdate = off)`.execute(db);
  await sql`CREATE INDEX search_documents_space_idx ON search_documents (space_id)`.execute(db);
  await sql`CREATE INDEX search_documents_process_idx ON search_documents USING gin (process_ids)`.execute(db);
  await sql`CREATE INDEX search_documents_step_idx ON search_documents USING gin (step_keys)`.execute(db);

  // The distinct lexemes of the indexed corpus with their document counts: typo correction
  // (trigram similarity) and compound expansion (substring match) look words up here.
  await sql`
    CREATE TABLE search_terms (
      lexeme text PRIMARY KEY,
      doc_count integer NOT NULL CHECK (doc_count > 0)
    )`.execute(db);
  await sql`CREATE INDEX search_terms_trgm_idx ON search_terms USING gin (lexeme gin_trgm_ops)`.execute(db);

  // Synonym groups added by administrators; the shipped list lives in the code.
  await sql`
    CREATE TABLE search_synonyms (
      position integer PRIMARY KEY,
      terms text[] NOT NULL,
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Triggers queue every change search shows, in the changing transaction: titles, content,
  // archive/restore, deletion, space archiving and process-step attachments. No route can forget
  // to enqueue, and a crash after commit loses nothing. Content columns are compared as JSON so
  // that position-only updates (sibling reordering) do not requeue pages.
  await sql`
    CREATE FUNCTION search_enqueue(ids uuid[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO search_outbox (page_id) SELECT DISTINCT unnest(ids)
      ON CONFLICT (page_id) DO UPDATE
        SET seq = nextval('search_outbox_seq'), enqueued_at = now(), attempts = 0,
            last_error = NULL, next_attempt_at = now()
    $$`.execute(db);
  await sql`
    CREATE FUNCTION search_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM search_enqueue(ARRAY[OLD.id]);
      ELSIF TG_OP = 'INSERT' THEN
        PERFORM search_enqueue(ARRAY[NEW.id]);
      -- Only the columns the index reads: converting whole rows (with doc and text) to JSON
      -- made every save of a large page slow.
      ELSIF (NEW.title, NEW.text, NEW.headings, NEW.archived_at, NEW.space_id)
            IS DISTINCT FROM (OLD.title, OLD.text, OLD.headings, OLD.archived_at, OLD.space_id) THEN
        PERFORM search_enqueue(ARRAY[NEW.id]);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER search_pages_changed AFTER INSERT OR UPDATE OR DELETE ON pages
    FOR EACH ROW EXECUTE FUNCTION search_pages_changed()`.execute(db);

  await sql`
    CREATE FUNCTION search_spaces_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.archived_at IS DISTINCT FROM OLD.archived_at THEN
        PERFORM search_enqueue(ARRAY(SELECT id FROM pages WHERE space_id = NEW.id));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER search_spaces_changed AFTER UPDATE ON spaces
    FOR EACH ROW EXECUTE FUNCTION search_spaces_changed()`.execute(db);

  await sql`
    CREATE FUNCTION search_step_pages_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        PERFORM search_enqueue(ARRAY[OLD.page_id]);
      ELSE
        PERFORM search_enqueue(ARRAY[NEW.page_id]);
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER search_step_pages_changed AFTER INSERT OR DELETE ON process_step_pages
    FOR EACH ROW EXECUTE FUNCTION search_step_pages_changed()`.execute(db);

  await sql`
    CREATE FUNCTION search_steps_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.name IS DISTINCT FROM OLD.name OR NEW.removed_in_version IS DISTINCT FROM OLD.removed_in_version THEN
        PERFORM search_enqueue(ARRAY(SELECT page_id FROM process_step_pages
          WHERE process_id = NEW.process_id AND element_id = NEW.element_id));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER search_steps_changed AFTER UPDATE ON process_steps
    FOR EACH ROW EXECUTE FUNCTION search_steps_changed()`.execute(db);

  await sql`
    CREATE FUNCTION search_processes_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.archived_at IS DISTINCT FROM OLD.archived_at OR NEW.name IS DISTINCT FROM OLD.name THEN
        PERFORM search_enqueue(ARRAY(SELECT page_id FROM process_step_pages WHERE process_id = NEW.id));
      END IF;
      RETURN NULL;
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER search_processes_changed AFTER UPDATE ON processes
    FOR EACH ROW EXECUTE FUNCTION search_processes_changed()`.execute(db);
}
