/**
 * Search benchmark: N German pages generated from the corpus (shuffled paragraphs), indexed
 * through the outbox indexer, then a mixed query set (rare, frequent, prefix, typo, compound,
 * multi-word) with ranking, snippets and a permission filter (the caller reads 5 of 10 spaces).
 * Prints p50/p95/p99 and the ratio to an unranked GIN lookup of the same terms, per kind and per
 * query (with the number of pages its terms match). The measured rounds
 * repeat the queries, so their plans are kept (server/src/search/postgres/plan-cache.ts); the
 * warm-up round's figures are each query's first search, with its plan made.
 *
 *   node --import tsx bench/search/run.ts --backend postgres --n 100000
 *   node --import tsx bench/search/run.ts --backend pglite --n 20000
 * PostgreSQL uses a fresh database `stafette_bench_search` on DATABASE_URL's server. With
 * `--reuse` it keeps `stafette_bench_search_<n>` after the run and skips seeding next time when
 * that database already holds N indexed pages (seeding 100,000 pages takes minutes).
 * `--reindex` also times a full reindex (`pnpm stafette reindex`'s path) and prints pages/s;
 * with `--reps 0` it prints only that (after one warm-up round of queries).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openPglite, openPostgres, type Database } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import { SearchIndexer } from '../../server/src/search/indexer.ts';
import { reindexAll } from '../../server/src/search/reindex.ts';
import { QUERIES } from './queries.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const backendKind = args.get('--backend') === 'pglite' ? 'pglite' : 'postgres';
const n = Number(args.get('--n') || (backendKind === 'pglite' ? 20_000 : 100_000));
const reps = Number(args.get('--reps') || 5);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const reuse = args.has('--reuse');
const reindex = args.has('--reindex');
const dbName = reuse ? `stafette_bench_search_${n}` : 'stafette_bench_search';


function corpusParagraphs() {
  const file = fileURLToPath(new URL('../../tests/fixtures/corpus-de/docs.jsonl', import.meta.url));
  const docs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { title: string; body: string });
  const paragraphs = docs.flatMap((d) => d.body.split(/\n\s*\n/).map((p) => p.replace(/[#*_>`]/g, '').trim())).filter((p) => p.length > 40);
  return { titles: docs.map((d) => d.title), paragraphs };
}

/** Deterministic pseudo-random numbers, so runs are comparable. */
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

async function open(): Promise<{ database: Database; drop: () => Promise<void>; seeded: boolean }> {
  if (backendKind === 'pglite') {
    const database = await openPglite(null);
    return { database, drop: () => database.close(), seeded: false };
  }
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  const admin = await openPostgres(base);
  const exists = (await sql`SELECT 1 FROM pg_database WHERE datname = ${dbName}`.execute(admin.db)).rows.length > 0;
  await admin.close();
  if (reuse && exists) {
    const database = await openPostgres(url.toString());
    const seeded = await holdsIndexedPages(database);
    if (seeded) return { database, drop: () => database.close(), seeded };
    await database.close();
  }
  const again = await openPostgres(base);
  await sql`DROP DATABASE IF EXISTS ${sql.id(dbName)} WITH (FORCE)`.execute(again.db);
  await sql`CREATE DATABASE ${sql.id(dbName)}`.execute(again.db);
  await again.close();
  const database = await openPostgres(url.toString());
  return { database, drop: () => database.close(), seeded: false };
}

/** A kept database is reused only when it holds exactly N pages, all indexed, nothing queued. */
async function holdsIndexedPages(database: Database): Promise<boolean> {
  try {
    const row = await sql<{ pages: number; docs: number; queued: number }>`
      SELECT (SELECT count(*)::int FROM pages) AS pages, (SELECT count(*)::int FROM search_documents) AS docs,
        (SELECT count(*)::int FROM search_outbox) AS queued`.execute(database.db);
    const r = row.rows[0]!;
    return r.pages === n && r.docs === n && r.queued === 0;
  } catch {
    return false;
  }
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const { database, drop, seeded } = await open();
  const db = database.db;
  await migrateToLatest(db);
  // The benchmark compares the PostgreSQL backend with a plain GIN lookup: always that backend.
  const backend = new PostgresSearchBackend(db, new SynonymStore(db));
  const seeding = seeded ? null : await seed(db, backend);
  const spaces = (await db.selectFrom('spaces').select('id').where('name', 'like', 'Amt %').orderBy('name').execute()).map((r) => r.id);
  const readable = spaces.slice(0, 5);
  let reindexing: { pages: number; seconds: number; loadSeconds: number } | null = null;
  if (reindex) {
    const start = performance.now();
    let loaded = start;
    // The last batch written ends the bulk load; then come the GIN builds, vocabulary and the check for changes.
    const pages = await reindexAll(db, backend, () => (loaded = performance.now()));
    reindexing = { pages, seconds: (performance.now() - start) / 1000, loadSeconds: (loaded - start) / 1000 };
  }

  const ranked: number[] = [];
  // The warm-up round is each query's first search: its plan is made, not kept (plan-cache.ts).
  const firstSearch: number[] = [];
  const gin: number[] = [];
  const perKind = new Map<string, number[]>();
  const ginPerKind = new Map<string, number[]>();
  const perQuery = new Map<string, { ranked: number[]; gin: number[] }>();
  for (let r = 0; r < reps + 1; r++) {
    for (const [kind, q] of QUERIES) {
      let t0 = performance.now();
      await backend.search({ q, readable, limit: 20 });
      const ms = performance.now() - t0;
      // Unranked GIN lookup of the same (expanded) terms with the same permission filter.
      const plan = await backend.plan(q);
      t0 = performance.now();
      if (plan.any) {
        // The word's GIN lookup on its own (as the backend's candidate picks do), so the space index is not ANDed in.
        await sql`SELECT page_id FROM (SELECT page_id, space_id FROM search_documents WHERE tsv @@ ${plan.any}::tsquery OFFSET 0) d
          WHERE space_id = ANY(${readable}::uuid[]) LIMIT 20`.execute(db);
      }
      const ginMs = performance.now() - t0;
      if (r === 0) {
        firstSearch.push(ms);
        continue; // warm-up round
      }
      ranked.push(ms);
      gin.push(ginMs);
      perKind.set(kind, [...(perKind.get(kind) ?? []), ms]);
      ginPerKind.set(kind, [...(ginPerKind.get(kind) ?? []), ginMs]);
      const times = perQuery.get(q) ?? { ranked: [], gin: [] };
      times.ranked.push(ms);
      times.gin.push(ginMs);
      perQuery.set(q, times);
    }
  }
  ranked.sort((a, b) => a - b);
  gin.sort((a, b) => a - b);
  const fmt = (v: number) => v.toFixed(1);
  if (seeding) {
    console.log(`backend=${backendKind} pages=${n} generated+inserted in ${seeding.genSeconds.toFixed(1)} s`);
    console.log(`indexing: ${seeding.indexed} pages in ${seeding.indexSeconds.toFixed(1)} s = ${(seeding.indexed / seeding.indexSeconds).toFixed(0)} pages/s (outbox indexer, batch 500)`);
  } else {
    console.log(`backend=${backendKind} pages=${n} (kept database ${dbName}, seeded in an earlier run)`);
  }
  if (reindexing) {
    console.log(`reindex: ${reindexing.pages} pages in ${reindexing.seconds.toFixed(1)} s = ${(reindexing.pages / reindexing.seconds).toFixed(0)} pages/s (full rebuild, batch 500; bulk load ${reindexing.loadSeconds.toFixed(1)} s, then indexes, vocabulary and check ${(reindexing.seconds - reindexing.loadSeconds).toFixed(1)} s)`);
  }
  if (ranked.length === 0) {
    // --reps 0: the reindex figure only.
    await drop();
    return;
  }
  console.log(`ranked search (${ranked.length} queries): p50 ${fmt(percentile(ranked, 50))} ms, p95 ${fmt(percentile(ranked, 95))} ms, p99 ${fmt(percentile(ranked, 99))} ms`);
  firstSearch.sort((a, b) => a - b);
  console.log(`first search of each query (plan made, not kept): p50 ${fmt(percentile(firstSearch, 50))} ms, p95 ${fmt(percentile(firstSearch, 95))} ms (${firstSearch.length} queries, warm-up round)`);
  console.log(`unranked GIN lookup:           p50 ${fmt(percentile(gin, 50))} ms, p95 ${fmt(percentile(gin, 95))} ms, p99 ${fmt(percentile(gin, 99))} ms`);
  console.log(`ratio ranked/GIN: p50 ${(percentile(ranked, 50) / percentile(gin, 50)).toFixed(1)}x, p95 ${(percentile(ranked, 95) / percentile(gin, 95)).toFixed(1)}x`);
  for (const [kind, values] of perKind) {
    values.sort((a, b) => a - b);
    const g = ginPerKind.get(kind)!.sort((a, b) => a - b);
    const ratio = (p: number) => (percentile(values, p) / Math.max(0.05, percentile(g, p))).toFixed(1);
    console.log(`  ${kind.padEnd(9)} p50 ${fmt(percentile(values, 50))} ms  p95 ${fmt(percentile(values, 95))} ms   GIN p50 ${fmt(percentile(g, 50))} ms  p95 ${fmt(percentile(g, 95))} ms   ratio p50 ${ratio(50)}x  p95 ${ratio(95)}x`);
  }
  // Per query, with the pages its terms match: a kind's p50 is its middle query's, whatever the others do.
  console.log('per query (pages matching its terms, readable or not):');
  for (const [kind, q] of QUERIES) {
    const { ranked: r, gin: g } = perQuery.get(q)!;
    r.sort((a, b) => a - b);
    g.sort((a, b) => a - b);
    const plan = await backend.plan(q);
    const matching = plan.any ? (await sql<{ n: number }>`SELECT count(*)::int AS n FROM search_documents WHERE tsv @@ ${plan.any}::tsquery`.execute(db)).rows[0]!.n : 0;
    console.log(`  ${kind.padEnd(9)} ${q.padEnd(42)} ${String(matching).padStart(6)} pages   p50 ${fmt(percentile(r, 50))} ms   GIN p50 ${fmt(percentile(g, 50))} ms   ratio ${(percentile(r, 50) / Math.max(0.05, percentile(g, 50))).toFixed(1)}x`);
  }
  await drop();
}

/** N generated pages in 10 spaces, indexed through the outbox like live changes. */
async function seed(db: Database['db'], backend: PostgresSearchBackend) {
  const { titles, paragraphs } = corpusParagraphs();
  const random = rng(42);
  const spaces: string[] = [];
  for (let i = 0; i < 10; i++) spaces.push((await db.insertInto('spaces').values({ name: `Amt ${i}` }).returning('id').executeTakeFirstOrThrow()).id);

  // Generate and insert pages; the triggers queue every page in the outbox.
  const genStart = performance.now();
  for (let i = 0; i < n; i += 1000) {
    const rows = [];
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      const count = 3 + Math.floor(random() * 6);
      const body = Array.from({ length: count }, () => paragraphs[Math.floor(random() * paragraphs.length)]!).join('\n');
      rows.push({ space_id: spaces[j % spaces.length]!, title: `${titles[Math.floor(random() * titles.length)]!} (${j})`.slice(0, 1000), position: j, text: body, headings: '[]' });
    }
    await db.insertInto('pages').values(rows).execute();
  }
  const genSeconds = (performance.now() - genStart) / 1000;

  const indexer = new SearchIndexer(db, backend, { batchSize: 500 });
  const indexStart = performance.now();
  const indexed = await indexer.drain();
  const indexSeconds = (performance.now() - indexStart) / 1000;
  // What autovacuum does on a live installation (it is off on the benchmark machines): statistics
  // for the planner, dead rows of the vocabulary's counts removed (330,000 after seeding 100,000
  // pages), and the visibility map set so the best-title ranges are read from their index alone.
  await sql`VACUUM (ANALYZE)`.execute(db);
  return { genSeconds, indexed, indexSeconds };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
