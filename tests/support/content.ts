import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';
import type { Client, TestAppOptions } from './test-app.ts';
import { shortTimers } from './collab.ts';

/** Content tests shorten the collaboration and version timers: options for the test app. */
export function contentTimers(autoVersionIntervalMs = 60_000): TestAppOptions {
  return { collab: shortTimers, content: { autoVersionIntervalMs } };
}

/**
 * The page body as exported Markdown, without the classification lines that open and close
 * every export ("Klassifizierung: Intern", tests/classification checks those).
 */
export async function exportMarkdown(client: Client, pageId: string): Promise<string> {
  const res = await client.get(`/api/v1/pages/${pageId}/export?format=markdown`);
  if (res.statusCode !== 200) throw new Error(`export failed: ${res.statusCode} ${res.body}`);
  const marked = /^(Klassifizierung: [^\n]*)\n\n([\s\S]*?)\n?\n\1\n$/.exec(res.body);
  if (!marked) throw new Error(`export without its classification lines: ${res.body.slice(0, 200)}`);
  return marked[2]!;
}

/** Rows of the page's update log (to tell whether something wrote to the document). */
export async function logSeqs(db: Kysely<DB>, pageId: string): Promise<number[]> {
  const rows = await db.selectFrom('page_updates').select('seq').where('page_id', '=', pageId).orderBy('seq').execute();
  return rows.map((r) => r.seq);
}
