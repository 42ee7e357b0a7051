import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SearchResult } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';
import type { Client, TestApp } from '../support/test-app.ts';

export interface CorpusDoc {
  id: string;
  title: string;
  body: string;
}

export function loadCorpus(): CorpusDoc[] {
  const file = fileURLToPath(new URL('../fixtures/corpus-de/docs.jsonl', import.meta.url));
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusDoc);
}

/** Headings and plain text of a Markdown body, as the content derivation stores them. */
export function markdownParts(markdown: string): { headings: { level: number; text: string }[]; text: string } {
  const headings: { level: number; text: string }[] = [];
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    const plain = (h ? h[2]! : line)
      .replace(/^\s*([-*+]|\d+\.)\s+/, '')
      .replace(/[*_`>#]/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .trim();
    if (h) headings.push({ level: h[1]!.length, text: plain });
    if (plain) lines.push(plain);
  }
  return { headings, text: lines.join('\n') };
}

/** Inserts pages directly (title, text, headings) the way the content derivation leaves them. */
export async function insertPages(db: Kysely<DB>, spaceId: string, docs: { title: string; body: string }[]): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < docs.length; i += 200) {
    const rows = docs.slice(i, i + 200).map((d, j) => {
      const parts = markdownParts(d.body);
      return {
        space_id: spaceId,
        title: d.title.slice(0, 1000),
        position: i + j,
        text: parts.text,
        headings: JSON.stringify(parts.headings),
        content_updated_at: new Date(),
      };
    });
    const inserted = await db.insertInto('pages').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

export async function search(client: Client, q: string, params: Record<string, string | number> = {}): Promise<SearchResult> {
  const qs = new URLSearchParams({ q, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) });
  const res = await client.get(`/api/v1/search?${qs}`);
  if (res.statusCode !== 200) throw new Error(`search failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Waits until the outbox is empty and indexed (the app's own indexer runs). */
export async function settled(t: TestApp, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const row = await t.database.db.selectFrom('search_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(row.n) === 0) return;
    if (Date.now() - start > timeoutMs) throw new Error(`search outbox not drained after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Indexes what is queued: drains the outbox, then waits for a batch the app's own indexer took
 * first (drain() skips leased rows, so it can return before that batch is searchable).
 */
export async function indexed(t: TestApp): Promise<void> {
  await t.app.searchService.indexer.drain();
  await settled(t);
}

/** Polls a search until `accept` holds; returns how long it took. */
export async function eventually(fn: () => Promise<boolean>, timeoutMs = 1000): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
