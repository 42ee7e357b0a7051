/**
 * Same results from two trees: the bench queries on the kept database through this tree's
 * PostgreSQL backend and through another tree's (e.g. a copy of the previous commit), for half
 * and all of the spaces, first and second page; prints every difference (hits with snippets,
 * facets, the set of hit ids, cursors).
 *
 *   node --import tsx bench/search/compare.ts --n 100000 --other /tmp/before
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openPostgres } from '../../server/src/db/database.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import type { SearchBackend } from '../../server/src/search/backend.ts';
import { QUERIES } from './queries.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const n = Number(args.get('--n') || 100_000);
const other = path.resolve(args.get('--other') || '/tmp/before');
const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
url.pathname = `/stafette_bench_search_${n}`;

const database = await openPostgres(url.toString());
const db = database.db;
const otherBackend = (await import(pathToFileURL(path.join(other, 'server/src/search/postgres/backend.ts')).href)) as { PostgresSearchBackend: new (...a: unknown[]) => SearchBackend };
const otherSynonyms = (await import(pathToFileURL(path.join(other, 'server/src/search/synonyms.ts')).href)) as { SynonymStore: new (...a: unknown[]) => unknown };
const mine: SearchBackend = new PostgresSearchBackend(db, new SynonymStore(db));
const theirs: SearchBackend = new otherBackend.PostgresSearchBackend(db, new otherSynonyms.SynonymStore(db));
const spaces = (await db.selectFrom('spaces').select('id').where('name', 'like', 'Amt %').orderBy('name').execute()).map((r) => r.id);
await sql`SELECT 1`.execute(db);
let differences = 0;
let compared = 0;
for (const readable of [spaces.slice(0, 5), 'all' as const]) {
  for (const [, q] of QUERIES) {
    // Twice each: the second search runs on a kept plan.
    for (let round = 0; round < 2; round++) {
      let cursorA: string | null | undefined;
      let cursorB: string | null | undefined;
      for (let page = 0; page < 2; page++) {
        const a = await mine.search({ q, readable, limit: 20, ...(cursorA ? { cursor: cursorA } : {}) });
        const b = await theirs.search({ q, readable, limit: 20, ...(cursorB ? { cursor: cursorB } : {}) });
        compared++;
        // The hit ids are a set (facet counts): their order is the hash order of the candidates.
        const key = (r: typeof a) => JSON.stringify({ ...r, pageIds: [...(r.pageIds ?? [])].sort() });
        if (key(a) !== key(b)) {
          differences++;
          console.log(`DIFFERENT: ${q} (${readable === 'all' ? 'all' : 'half'}, round ${round}, page ${page})`);
        }
        cursorA = a.nextCursor;
        cursorB = b.nextCursor;
        if (!cursorA) break;
      }
    }
  }
}
console.log(`${compared} searches compared, ${differences} different`);
await database.close();
