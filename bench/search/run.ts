/**
 * Search benchmark: N German pages generated from the corpus (shuffled paragraphs), indexed
 * through the outbox indexer, then a mixed query set (rare, frequent, prefix, typo, compound,
 * multi-word) with ranking, snippets and a permission filter (the caller reads 5 of 10 spaces).
 * Prints p50/p95/p99 and the ratio to an unranked GIN lookup of the same terms.
 *
 *   node --import tsx bench/search/run.ts --backend postgres --n 100000
 *   node --import tsx bench/search/run.ts --backend pglite --n 20000
 * PostgreSQL uses a fresh database `stafette_bench_search` on DATABASE_URL's server.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { openPglite, openPostgres, type Database } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import { SearchIndexer } from '../../server/src/search/indexer.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const backendKind = args.get('--backend') === 'pglite' ? 'pglite' : 'postgres';
const n = Number(args.get('--n') || (backendKind === 'pglite' ? 20_000 : 100_000));
const reps = Number(args.get('--reps') || 5);
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const QUERIES: [kind: string, q: string][] = [
  ['rare', 'Katzenschutzverordnung'],
  ['rare', 'Kurtaxe'],
  ['rare', 'Immatrikulationsnachweis'],
  ['frequent', 'Antrag'],
  ['frequent', 'Gemeinde'],
  ['frequent', 'Verfahren'],
  ['prefix', 'Führersch'],
  ['prefix', 'Aufenth'],
  ['prefix', 'Gebührenverz'],
  ['typo', 'Persnalausweis'],
  ['typo', 'Hundesteur'],
  ['typo', 'Baugenemigung'],
  ['compound', 'Spielplatzsatzung'],
  ['compound', 'Wasserversorgungssatzung'],
  ['compound', 'Kitagebühren'],
  ['multi', 'Wohnsitz abmelden Deutschland'],
  ['multi', 'Was kostet ein neuer Reisepass?'],
  ['multi', 'Gebühren für die Benutzung der Sporthalle'],
];

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

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (backendKind === 'pglite') {
    const database = await openPglite(null);
    return { database, drop: () => database.close() };
  }
  const admin = await openPostgres(base);
  await sql`DROP DATABASE IF EXISTS stafette_bench_search WITH (FORCE)`.execute(admin.db);
  await sql`CREATE DATABASE stafette_bench_search`.execute(admin.db);
  await admin.close();
  const url = new URL(base);
  url.pathname = '/stafette_bench_search';
  const database = await openPostgres(url.toString());
  return { database, drop: () => database.close() };
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const { database, drop } = await open();
  const db = database.db;
  await migrateToLatest(db);
  const { titles, paragraphs } = corpusParagraphs();
  const random = rng(42);

  const spaces: string[] = [];
  for (let i = 0; i < 10; i++) spaces.push((await db.insertInto('spaces').values({ name: `Amt ${i}` }).returning('id').executeTakeFirstOrThrow()).id);
  const readable = spaces.slice(0, 5);

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

  // The benchmark compares the PostgreSQL backend with a plain GIN lookup: always that backend.
  const backend = new PostgresSearchBackend(db, new SynonymStore(db));
  const indexer = new SearchIndexer(db, backend, { batchSize: 500 });
  const indexStart = performance.now();
  const indexed = await indexer.drain();
  const indexSeconds = (performance.now() - indexStart) / 1000;
  await sql`ANALYZE`.execute(db);

  const ranked: number[] = [];
  const gin: number[] = [];
  const perKind = new Map<string, number[]>();
  for (let r = 0; r < reps + 1; r++) {
    for (const [kind, q] of QUERIES) {
      let t0 = performance.now();
      await backend.search({ q, readable, limit: 20 });
      const ms = performance.now() - t0;
      // Unranked GIN lookup of the same (expanded) terms with the same permission filter.
      const plan = await backend.plan(q);
      t0 = performance.now();
      if (plan.any) {
        await sql`SELECT page_id FROM search_documents WHERE tsv @@ ${plan.any}::tsquery AND space_id = ANY(${readable}::uuid[]) LIMIT 20`.execute(db);
      }
      const ginMs = performance.now() - t0;
      if (r === 0) continue; // warm-up round
      ranked.push(ms);
      gin.push(ginMs);
      perKind.set(kind, [...(perKind.get(kind) ?? []), ms]);
    }
  }
  ranked.sort((a, b) => a - b);
  gin.sort((a, b) => a - b);
  const fmt = (v: number) => v.toFixed(1);
  console.log(`backend=${backendKind} pages=${n} generated+inserted in ${genSeconds.toFixed(1)} s`);
  console.log(`indexing: ${indexed} pages in ${indexSeconds.toFixed(1)} s = ${(indexed / indexSeconds).toFixed(0)} pages/s (outbox indexer, batch 500)`);
  console.log(`ranked search (${ranked.length} queries): p50 ${fmt(percentile(ranked, 50))} ms, p95 ${fmt(percentile(ranked, 95))} ms, p99 ${fmt(percentile(ranked, 99))} ms`);
  console.log(`unranked GIN lookup:           p50 ${fmt(percentile(gin, 50))} ms, p95 ${fmt(percentile(gin, 95))} ms, p99 ${fmt(percentile(gin, 99))} ms`);
  console.log(`ratio ranked/GIN: p50 ${(percentile(ranked, 50) / percentile(gin, 50)).toFixed(1)}x, p95 ${(percentile(ranked, 95) / percentile(gin, 95)).toFixed(1)}x`);
  for (const [kind, values] of perKind) {
    values.sort((a, b) => a - b);
    console.log(`  ${kind.padEnd(9)} p50 ${fmt(percentile(values, 50))} ms  p95 ${fmt(percentile(values, 95))} ms`);
  }
  await drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
