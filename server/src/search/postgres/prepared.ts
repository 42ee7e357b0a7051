import { type Kysely, type RawBuilder, sql } from 'kysely';
import { executeSql } from '../../db/literal.ts';

/**
 * Statements planned once per session (PREPARE) and then only executed. Parsing and planning
 * the indexer's write, a statement of a dozen CTEs, took 1.8 of its 9.9 ms per page while pages
 * were being typed in (bench/collab-fanout), on every settled edit of every page. The values go
 * into EXECUTE as literals: PostgreSQL takes no bind parameters there. Being SQL, it also holds
 * on PGlite's one shared session. Unlike the ranked search's (db/generic-plans.ts), it runs inside
 * the indexer's transaction, where a failed EXECUTE would abort the transaction: so it asks first.
 */
export class PreparedStatement {
  /**
   * `build` makes the statement from its values; every call must put the same kinds of values
   * in the same places (only the values differ, the text stays the same).
   */
  constructor(
    private readonly name: string,
    private readonly build: (...values: string[]) => RawBuilder<unknown>,
  ) {}

  /**
   * Runs the statement on `db`'s connection (a transaction's, or one pinned by the caller).
   * The session is asked whether it holds the statement each time (a round trip of a tenth of
   * a millisecond): an embedded database's one session is shared by several pools, and a
   * session may have dropped it (DEALLOCATE ALL).
   */
  async execute<T>(db: Kysely<T>, ...values: string[]): Promise<void> {
    const compiled = this.build(...values).compile(db);
    const { rows } = await sql`SELECT 1 FROM pg_prepared_statements WHERE name = ${this.name}`.execute(db);
    if (rows.length === 0) await sql`PREPARE ${sql.id(this.name)} AS ${sql.raw(compiled.sql)}`.execute(db);
    await sql.raw(executeSql(this.name, compiled.parameters)).execute(db);
  }
}
