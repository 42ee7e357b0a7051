import { type Kysely, sql } from 'kysely';

/**
 * Classification (server/src/classification): the ordered levels of the scheme with the labels
 * administrators gave them, which level new spaces get, a level on every space and an own
 * level on pages that are raised above what they inherit (null: the page inherits from its
 * space and its ancestors). The keys and their order are fixed; labels and the default change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE classification_levels (
      key text PRIMARY KEY CHECK (key IN ('oeffentlich', 'intern', 'vertraulich', 'streng-vertraulich')),
      rank smallint NOT NULL UNIQUE CHECK (rank BETWEEN 0 AND 3),
      label text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 60),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL
    )`.execute(db);
  await sql`
    INSERT INTO classification_levels (key, rank, label) VALUES
      ('oeffentlich', 0, 'Öffentlich'),
      ('intern', 1, 'Intern'),
      ('vertraulich', 2, 'Vertraulich'),
      ('streng-vertraulich', 3, 'Streng vertraulich')`.execute(db);

  // One row: the level a new space starts with.
  await sql`
    CREATE TABLE classification_scheme (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      default_level text NOT NULL REFERENCES classification_levels (key),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users (id) ON DELETE SET NULL
    )`.execute(db);
  await sql`INSERT INTO classification_scheme (default_level) VALUES ('intern')`.execute(db);

  await sql`ALTER TABLE spaces ADD COLUMN classification text NOT NULL DEFAULT 'intern' REFERENCES classification_levels (key)`.execute(db);
  await sql`ALTER TABLE pages ADD COLUMN classification text REFERENCES classification_levels (key)`.execute(db);
}
