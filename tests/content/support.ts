import type { Kysely } from 'kysely';
import type { DB, SpaceRole } from '../../server/src/db/schema.ts';
import type { Client, TestApp, TestAppOptions } from '../support/test-app.ts';
import { seedSpace } from '../spaces/support.ts';
import { shortTimers } from '../collab/support.ts';

/** Content tests shorten the collaboration and version timers: options for the test app. */
export function contentTimers(autoVersionIntervalMs = 60_000): TestAppOptions {
  return { collab: shortTimers, content: { autoVersionIntervalMs } };
}

/** A signed-in user with the given role in a new space. */
export async function member(t: TestApp, role: SpaceRole, spaceId?: string): Promise<{ client: Client & { user: { id: string } }; spaceId: string }> {
  const client = await t.userClient();
  const space = spaceId ?? (await seedSpace(t.database.db, {}, `Amt ${Math.random().toString(36).slice(2, 8)}`));
  await t.database.db.insertInto('space_members').values({ space_id: space, user_id: client.user.id, role }).execute();
  return { client, spaceId: space };
}

/** Imports Markdown as a new page through the API; returns the page id. */
export async function importMarkdown(client: Client, spaceId: string, title: string, markdown: string): Promise<string> {
  const res = await client.post('/api/v1/pages/import', { spaceId, title, markdown });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function exportMarkdown(client: Client, pageId: string): Promise<string> {
  const res = await client.get(`/api/v1/pages/${pageId}/export?format=markdown`);
  if (res.statusCode !== 200) throw new Error(`export failed: ${res.statusCode} ${res.body}`);
  return res.body;
}

/** Rows of the page's update log (to tell whether something wrote to the document). */
export async function logSeqs(db: Kysely<DB>, pageId: string): Promise<number[]> {
  const rows = await db.selectFrom('page_updates').select('seq').where('page_id', '=', pageId).orderBy('seq').execute();
  return rows.map((r) => r.seq);
}
