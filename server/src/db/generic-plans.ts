import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';

const MARK = '/* generic plan */ ';

/**
 * Put at the start of a statement whose text repeats with other values (a handful of shapes) and
 * whose plan the text itself fixes (fenced sub-selects, choices written out). On PostgreSQL it
 * goes out as a named statement of the extended protocol: parsed once per connection, planned
 * once without its values, then only bound and executed. Parsing and planning the ranked search
 * took 1.5–4 ms per call at 100,000 pages. Elsewhere (PGlite) it is a comment.
 */
export const GENERIC_PLAN = sql.raw(MARK);

/**
 * Bounds what a pooled connection's backend keeps (a ranked search is about 0.5 MB there): past
 * it, other texts run unnamed.
 */
const MAX_NAMED_PER_CONNECTION = 16;

const SET_GENERIC = 'SET plan_cache_mode = force_generic_plan';
const RESET = 'RESET plan_cache_mode';

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
    const name = `generic_${createHash('sha1').update(text).digest('base64url')}`;
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
