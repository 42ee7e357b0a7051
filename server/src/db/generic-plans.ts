import { createHash } from 'node:crypto';
import type { PGlite, Results } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { executeSql } from './literal.ts';

const MARK = '/* generic plan */ ';

/**
 * Put at the start of a statement whose text repeats with other values (a handful of shapes) and
 * whose plan the text itself fixes (fenced sub-selects, choices written out). The session PREPAREs
 * it once and then runs it on one plan made without its values: parsing and planning the ranked
 * search took 1.5–4 ms per call at 100,000 pages.
 */
export const GENERIC_PLAN = sql.raw(MARK);

/**
 * Bounds what a session keeps (a ranked search is about 0.5 MB there): past it, other texts run
 * as usual, planned with their values.
 */
const MAX_NAMED_PER_SESSION = 16;

/** One text, one name. */
const nameOf = (text: string) => `generic_${createHash('sha1').update(text).digest('base64url')}`;

/** SQLSTATE of EXECUTE naming a statement the session does not hold. */
const UNDEFINED_PREPARED_STATEMENT = '26000';

/**
 * Runs marked statements on a session through `exec`, which sends one simple-protocol message and
 * resolves to a result per statement in it. A marked text is PREPAREd once; each run is one
 * message `SET plan_cache_mode = force_generic_plan; EXECUTE …; RESET plan_cache_mode`, the
 * values as literals. Every other statement of the session is planned with its values, also after
 * a failed run (the implicit transaction rolls the setting back). One message instead of a SET,
 * the statement and a RESET in turn: 0.35–0.75 ms less per ranked search at 100,000 pages.
 * Returns null for a statement that is not marked or not kept: run it as usual.
 */
function genericPlans<R>(exec: (text: string) => Promise<R[]>): (text: string, values: readonly unknown[]) => Promise<R | null> {
  const named = new Set<string>();
  // Texts PREPARE refused (a parameter whose type only a bound value would tell): run as usual.
  const refused = new Set<string>();
  return async (text, values) => {
    if (!text.startsWith(MARK)) return null;
    const name = nameOf(text);
    if (refused.has(name) || (!named.has(name) && named.size >= MAX_NAMED_PER_SESSION)) return null;
    let execute: string;
    try {
      execute = executeSql(name, values);
    } catch {
      return null; // a value with no literal form (bytes): bound as usual
    }
    const prepare = async () => {
      try {
        await exec(`PREPARE ${pg.escapeIdentifier(name)} AS ${text}`);
        named.add(name);
        return true;
      } catch {
        refused.add(name);
        return false;
      }
    };
    const run = async () => (await exec(`SET plan_cache_mode = force_generic_plan; ${execute}; RESET plan_cache_mode`))[1]!;
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

/** The pool's client (`pg.Pool`'s `Client` option): marked statements run on generic plans, per connection. */
export class GenericPlanClient extends pg.Client {
  readonly #generic = genericPlans<pg.QueryResult>(async (text) => {
    const results = (await super.query(text)) as pg.QueryResult | pg.QueryResult[];
    return Array.isArray(results) ? results : [results];
  });

  // Kysely's driver calls query(text, values) and awaits the promise; other calls pass through.
  override query(...args: unknown[]): never {
    const [text, values] = args;
    const marked = typeof text === 'string' && text.startsWith(MARK) && (args.length === 1 || (args.length === 2 && Array.isArray(values)));
    if (!marked) return (super.query as (...a: unknown[]) => unknown)(...args) as never;
    return this.#generic(text, (values as unknown[] | undefined) ?? []).then((result) => result ?? super.query(text, values as unknown[])) as never;
  }
}

/** The same for PGlite's one session (db/pglite-pool.ts). */
export function pgliteGenericPlans(db: PGlite): (text: string, values: readonly unknown[]) => Promise<Results | null> {
  return genericPlans((text) => db.exec(text));
}
