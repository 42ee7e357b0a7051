import { type Kysely, sql } from 'kysely';

/**
 * The export level of process packages as a setting (issue 24, server/src/packages): pages up to
 * this level leave in a package, higher ones are listed as left out. Default `intern`, as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    ALTER TABLE publishing_settings
      ADD COLUMN package_max_level text NOT NULL DEFAULT 'intern'
      CHECK (package_max_level IN ('oeffentlich', 'intern', 'vertraulich', 'streng-vertraulich'))`.execute(db);
}

