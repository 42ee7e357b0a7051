import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';
import { attachPage } from '../../server/src/processes/process-service.ts';
import type { Backend } from './databases.ts';
import { createTestApp, type TestApp, type UserClient } from './test-app.ts';
import { seedSpace } from './seed.ts';

export const system = { actorId: null, ip: null };
export const DAY = 86_400_000;

/** `YYYY-MM-DD` `days` from now (negative: in the past). */
export const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

export async function attach(db: Kysely<DB>, processId: string, elementId: string, pageId: string): Promise<void> {
  await attachPage(db, processId, elementId, pageId, system);
}

/** Moves a page's last edit (and its authors' edits) `days` into the past. */
export async function backdate(db: Kysely<DB>, pageId: string, days: number): Promise<void> {
  const at = new Date(Date.now() - days * DAY);
  await db.updateTable('pages').set({ content_updated_at: at, updated_at: at }).where('id', '=', pageId).execute();
  await db.updateTable('page_contributors').set({ last_edited_at: at }).where('page_id', '=', pageId).execute();
}

/** The cast of the review and read-confirmation suites: owner, editor and reader of one new space, a knowledge manager and an outsider. */
export interface SpaceCast {
  owner: UserClient;
  editor: UserClient;
  reader: UserClient;
  manager: UserClient;
  outsider: UserClient;
  spaceId: string;
}

/** A suite's app and its cast around a new space named `spaceName`. */
export async function startSpaceCast(backend: Backend, spaceName: string): Promise<{ t: TestApp; c: SpaceCast }> {
  const t = await createTestApp(backend);
  const owner = await t.userClient({ displayName: 'Olga Owner' });
  const editor = await t.userClient({ displayName: 'Emil Editor' });
  const reader = await t.userClient({ displayName: 'Rita Reader' });
  const manager = await t.userClient({ role: 'knowledge_manager', displayName: 'Wissensmanagerin' });
  const outsider = await t.userClient({ displayName: 'Otto Außen' });
  const spaceId = await seedSpace(t.database.db, { name: spaceName, owners: [owner], editors: [editor], readers: [reader] });
  return { t, c: { owner, editor, reader, manager, outsider, spaceId } };
}
