/**
 * Where a search's wall time goes, from Node: each statement's round trip (as the driver saw it)
 * and the JavaScript between them, for the bench queries on the kept 100,000-page database
 * (seeded by run.ts with --reuse). Plans are kept after the first round, as in run.ts.
 *
 *   node --import tsx bench/search/profile.ts --n 100000 --reps 10 [--explain]
 */
import fs from 'node:fs';
import os from 'node:os';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from '../../server/src/db/schema.ts';
import { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { SynonymStore } from '../../server/src/search/synonyms.ts';
import { QUERIES } from './queries.ts';
import { GenericPlanClient } from '../../server/src/db/generic-plans.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const n = Number(args.get('--n') || 100_000);
const reps = Number(args.get('--reps') || 10);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
base.pathname = `/stafette_bench_search_${n}`;

/** Statements of the current search: a short label and the driver's duration. */
let log: { label: string; ms: number; sql: string; parameters: readonly unknown[] }[] = [];
function label(sqlText: string): string {
  if (sqlText.includes('WITH cand AS')) return 'ranking';
  if (sqlText.includes('search_vocabulary_version')) return 'session';
  if (sqlText.includes('ts_headline')) return 'snippets';
  if (sqlText.includes('count(*)::int AS n FROM search_documents')) return 'doc count';
  return 'other';
}

// As the app's pool (server/src/db/database.ts): no JIT compiling, generic plans for the ranked search.
const pool = new pg.Pool({ connectionString: base.toString(), max: 4, options: '-c jit=off', Client: GenericPlanClient });
const db = new Kysely<DB>({
  dialect: new PostgresDialect({ pool }),
  log: (event) => log.push({ label: label(event.query.sql), ms: event.queryDurationMillis, sql: event.query.sql, parameters: event.query.parameters }),
});
const spaces = (await db.selectFrom('spaces').select('id').where('name', 'like', 'Amt %').orderBy('name').execute()).map((r) => r.id);
const readable = spaces.slice(0, 5);
const backend = new PostgresSearchBackend(db, new SynonymStore(db));

// With --explain, each query's ranking statement under EXPLAIN ANALYZE: times printed, plans written to this folder.
const explain = args.has('--explain');
const explainDir = '/tmp/search-explain';
if (explain) fs.mkdirSync(explainDir, { recursive: true });
const totals = new Map<string, number[]>();
const add = (k: string, v: number) => totals.set(k, [...(totals.get(k) ?? []), v]);
for (let r = 0; r < reps + 1; r++) {
  for (const [, q] of QUERIES) {
    log = [];
    const t0 = performance.now();
    await backend.search({ q, readable, limit: 20 });
    const wall = performance.now() - t0;
    if (r === 0) continue;
    add('wall', wall);
    const perLabel = new Map<string, number>();
    for (const e of log) perLabel.set(e.label, (perLabel.get(e.label) ?? 0) + e.ms);
    for (const k of ['session', 'ranking', 'snippets', 'other']) add(k, perLabel.get(k) ?? 0);
    add('round trips', log.length);
    const outside = wall - log.reduce((s, e) => s + e.ms, 0);
    add('outside statements', outside);
    add(`wall ${q}`, wall);
    add(`  ranking ${q}`, perLabel.get('ranking') ?? 0);
    add(`  outside ${q}`, outside);
    if (explain && r === 1) {
      // The ranking statement under EXPLAIN ANALYZE, fastest of 5: planning and execution time, the plan to a file.
      const stmt = log.find((e) => e.label === 'ranking')!;
      let best: { planning: number; execution: number; text: string } | null = null;
      for (let i = 0; i < 5; i++) {
        const res = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${stmt.sql}`, stmt.parameters as unknown[]);
        const text = res.rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
        const planning = Number(/Planning Time: ([\d.]+)/.exec(text)?.[1]);
        const execution = Number(/Execution Time: ([\d.]+)/.exec(text)?.[1]);
        if (!best || planning + execution < best.planning + best.execution) best = { planning, execution, text };
      }
      console.log(`explain ${q.padEnd(44)} planning ${best!.planning.toFixed(2)} ms, execution ${best!.execution.toFixed(2)} ms`);
      fs.writeFileSync(`${explainDir}/${q.replace(/[^\p{L}]+/gu, '_')}.txt`, `${stmt.sql}\n${JSON.stringify(stmt.parameters)}\n\n${best!.text}\n`);
    }
  }
}
const pct = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const load = os.loadavg();
console.log(`profile at n=${n}, ${reps} reps, load ${load.map((l) => l.toFixed(1)).join(' ')}`);
for (const [k, v] of totals) console.log(`${k.padEnd(48)} mean ${mean(v).toFixed(2).padStart(7)}  p50 ${pct(v, 50).toFixed(2).padStart(7)}  p95 ${pct(v, 95).toFixed(2).padStart(7)}`);
await db.destroy();
