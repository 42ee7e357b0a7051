import type { Kysely } from 'kysely';
import type { DB, SpaceRole } from '../../server/src/db/schema.ts';
import { attachPage, createProcess, parseUpload } from '../../server/src/processes/process-service.ts';
import type { Client, TestApp } from '../support/test-app.ts';
import { linearModel } from '../processes/support.ts';

export const system = { actorId: null, ip: null };
export const DAY = 86_400_000;

/** `YYYY-MM-DD` `days` from now (negative: in the past). */
export const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

export async function addMember(db: Kysely<DB>, spaceId: string, userId: string, role: SpaceRole): Promise<void> {
  await db.insertInto('space_members').values({ space_id: spaceId, user_id: userId, role }).execute();
}

export async function newSpace(t: TestApp, name: string, members: [Client & { user: { id: string } }, SpaceRole][]): Promise<string> {
  const space = await t.database.db.insertInto('spaces').values({ name }).returning('id').executeTakeFirstOrThrow();
  for (const [client, role] of members) await addMember(t.database.db, space.id, client.user.id, role);
  return space.id;
}

/** A process with the given task ids (named "Schritt <id>") between a start and an end event. */
export async function newProcess(db: Kysely<DB>, spaceId: string, name: string, taskIds: string[]): Promise<string> {
  const parsed = await parseUpload({ bytes: Buffer.from(linearModel({ name, taskIds })), fileName: null });
  return (await createProcess(db, spaceId, parsed, system)).id;
}

/** Writes a page through the Markdown import as `author` (so they count as its expert). */
export async function writePage(author: Client, spaceId: string, title: string, markdown = `# ${title}\n\nSo wird es gemacht.`): Promise<string> {
  const res = await author.post('/api/v1/pages/import', { spaceId, title, markdown });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function attach(db: Kysely<DB>, processId: string, elementId: string, pageId: string): Promise<void> {
  await attachPage(db, processId, elementId, pageId, system);
}

/** Moves a page's last edit (and its authors' edits) `days` into the past. */
export async function backdate(db: Kysely<DB>, pageId: string, days: number): Promise<void> {
  const at = new Date(Date.now() - days * DAY);
  await db.updateTable('pages').set({ content_updated_at: at, updated_at: at }).where('id', '=', pageId).execute();
  await db.updateTable('page_contributors').set({ last_edited_at: at }).where('page_id', '=', pageId).execute();
}

export type Me = Client & { user: { id: string; displayName: string } };

/** The cast of the review and read-confirmation tests: owner, editor and reader of one new space, a knowledge manager and an outsider. */
export async function spaceCast(t: TestApp, spaceName: string): Promise<{ owner: Me; editor: Me; reader: Me; manager: Me; outsider: Me; spaceId: string }> {
  const owner = await t.userClient({ displayName: 'Olga Owner' });
  const editor = await t.userClient({ displayName: 'Emil Editor' });
  const reader = await t.userClient({ displayName: 'Rita Reader' });
  const manager = await t.userClient({ role: 'knowledge_manager', displayName: 'Wissensmanagerin' });
  const outsider = await t.userClient({ displayName: 'Otto Außen' });
  const spaceId = await newSpace(t, spaceName, [[owner, 'owner'], [editor, 'editor'], [reader, 'reader']]);
  return { owner, editor, reader, manager, outsider, spaceId };
}
