import { createHash } from 'node:crypto';
import type { PGlite, Results } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { executeSql } from './literal.ts';

const MARK = '/* generic plan */ ';

/**
 * Put at the start of a statement whose text repeats with other values (a handful of shapes) and
 * whose plan the text itself fixes (fenced sub-selects, choices written out). On PostgreSQL it
 * goes out as a named statement of the extended protocol: parsed once per connection, planned
 * once without its values, then only bound and executed. Parsing and planning the ranked search
 * took 1.5–4 ms per call at 100,000 pages. On PGlite it is PREPAREd in the one session instead.
 */
export const GENERIC_PLAN = sql.raw(MARK);

/**
 * Bounds what a pooled connection's backend keeps (a ranked search is about 0.5 MB there): past
 * it, other texts run unnamed.
 */
const MAX_NAMED_PER_CONNECTION = 16;

const SET_GENERIC = 'SET plan_cache_mode = force_generic_plan';
const RESET = 'RESET plan_cache_mode';

/** One text, one name. */
const nameOf = (text: string) => `generic_${createHash('sha1').update(text).digest('base64url')}`;

/**
 * The pool's client (`pg.Pool`'s `Client` option). A `GENERIC_PLAN` statement is named by a hash of
 * its text (one text, one name), and runs between two settings of `plan_cache_mode`: every other
 * statement on the pooled connection is planned with its values, as before. The caller waits for
 * the statement alone: the reset runs while it reads the result, and the connection's next
 * statement waits for it.
 */
export class GenericPlanClient extends pg.Client {
  readonly #named = new Set<string>();
  #resetting: Promise<unknown> | null = null;

  // Kysely's driver calls query(text, values) and awaits the promise; other calls pass through.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const awaited = typeof text === 'string' && (args.length === 1 || (args.length === 2 && Array.isArray(values)));
    if (awaited && this.#resetting) {
      const resetting = this.#resetting;
      this.#resetting = null;
      return resetting.then(() => this.query(...args)) as never;
    }
    if (!awaited || !text.startsWith(MARK)) return (super.query as (...a: unknown[]) => unknown)(...args) as never;
    const name = nameOf(text);
    const keep = this.#named.has(name) || this.#named.size < MAX_NAMED_PER_CONNECTION;
    if (keep) this.#named.add(name);
    const statement = { ...(keep ? { name } : {}), text, values: values as unknown[] | undefined };
    const result = super.query(SET_GENERIC).then(() => super.query(statement));
    const reset = () => super.query(RESET);
    // A failed reset means a broken connection: its next statement fails on its own.
    this.#resetting = result.then(reset, reset).catch(() => {});
    return result as never;
  }
}

/**
 * The same for PGlite's one session (db/pglite-pool.ts): PGlite's queries go out unnamed, so a
 * marked statement is PREPAREd there once and run by EXECUTE with its values as literals, between
 * the two settings of `plan_cache_mode` in one implicit transaction (a failure rolls the setting
 * back too). Returns null for a statement that is not marked or not kept: run it as usual.
 */
export function pgliteGenericPlans(db: PGlite): (text: string, values: readonly unknown[]) => Promise<Results | null> {
  const named = new Set<string>();
  // Texts PREPARE refused (a parameter whose type only a bound value would tell): run as usual.
  const refused = new Set<string>();
  return async (text, values) => {
    if (!text.startsWith(MARK)) return null;
    const name = nameOf(text);
    if (refused.has(name) || (!named.has(name) && named.size >= MAX_NAMED_PER_CONNECTION)) return null;
    let execute: string;
    try {
      execute = executeSql(name, values);
    } catch {
      return null; // a value with no literal form (bytes): bound as usual
    }
    const prepare = async () => {
      try {
        await db.exec(`PREPARE ${pg.escapeIdentifier(name)} AS ${text}`);
        named.add(name);
        return true;
      } catch {
        refused.add(name);
        return false;
      }
    };
    const run = async () => (await db.exec(`${SET_GENERIC}; ${execute}; ${RESET}`))[1]!;
    if (!named.has(name) && !(await prepare())) return null;
    try {
      return await run();
    } catch (err) {
      // The session dropped it (DEALLOCATE ALL, a restore): prepared again. Asking the catalog
      // before every run instead cost a query per search.
      if ((err as { code?: string }).code !== UNDEFINED_PREPARED_STATEMENT) throw err;
      named.delete(name);
      if (!(await prepare())) return null;
      return run();
    }
  };
}

/** SQLSTATE of EXECUTE naming a statement the session does not hold. */
const UNDEFINED_PREPARED_STATEMENT = '26000';
