import { createHash } from 'node:crypto';
import { type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import pg from 'pg';

const MARK = '/* named */ ';

/**
 * Put at the start of a statement: on PostgreSQL it goes out as a named statement of the
 * extended protocol, parsed once per connection and then only bound and executed. Only for
 * statements whose text repeats with other values (their shape is a handful of variants): every
 * text is a statement its connection keeps (about 0.5 MB for a ranked search), up to
 * `MAX_NAMED_PER_CONNECTION`. Elsewhere (PGlite) it is a comment.
 */
export const NAMED = sql.raw(MARK);

/** Bounds what a pooled connection's backend keeps: the rest of its statements go unnamed. */
const MAX_NAMED_PER_CONNECTION = 16;

/**
 * The pool's client (`pg.Pool`'s `Client` option): names the statements marked `NAMED` by a hash
 * of their text, so one text always has one name and a name never meets another text.
 */
export class NamingClient extends pg.Client {
  readonly #named = new Set<string>();

  // Kysely's driver calls query(text, values) and awaits the promise; other calls pass through.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (typeof text === 'string' && text.startsWith(MARK) && (args.length === 1 || Array.isArray(values))) {
      const name = `named_${createHash('sha1').update(text).digest('base64url')}`;
      if (this.#named.has(name) || this.#named.size < MAX_NAMED_PER_CONNECTION) {
        this.#named.add(name);
        return super.query({ name, text, values: values as unknown[] | undefined }) as never;
      }
    }
    return (super.query as (...a: unknown[]) => unknown)(...args) as never;
  }
}

/**
 * Runs a `NAMED` statement on its connection's kept plan: made once, without the values, and
 * reused (`plan_cache_mode`, for this statement only: every other statement on the pooled
 * connection is planned with its values, as before). For statements whose plan the text fixes
 * (fenced sub-selects, choices written out); planning the ranked search took 1–4 ms per call.
 * `db` must be one connection (a transaction or `db.connection()`), so the setting and the
 * statement meet on the same session.
 */
export async function executeWithKeptPlan<R, T>(db: Kysely<T>, statement: RawBuilder<R>): Promise<QueryResult<R>> {
  await sql`SET plan_cache_mode = force_generic_plan`.execute(db);
  try {
    return await statement.execute(db);
  } finally {
    await sql`RESET plan_cache_mode`.execute(db);
  }
}
