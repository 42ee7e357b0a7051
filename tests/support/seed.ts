import type { Space, SpaceRole } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/src/db/schema.ts';
import { createProcess, parseUpload } from '../../server/src/processes/process-service.ts';
import { linearModel } from './processes.ts';
import type { Backend } from './databases.ts';
import { type Client, createTestApp, type TestApp, type UserClient } from './test-app.ts';

/**
 * Arranging spaces, members, pages and processes: the one place every suite does it.
 * `seed*` and `addMember` write rows directly (quick; no audit entry, no contributor);
 * `createSpace`, `putMember`, `createPage` and `importMarkdown` go through the API as a client,
 * for tests that need what the API records (audit, contributors, the creator as owner).
 * Accounts come from `TestApp.createUser` / `TestApp.userClient`.
 */

/** Who becomes a member: a user id, a user, or a signed-in client of one. */
export type Someone = string | { id: string } | { user: { id: string } };

export interface SpaceSeed {
  /** Default `Amt <n>`; names need not be unique. */
  name?: string;
  owners?: Someone[];
  editors?: Someone[];
  readers?: Someone[];
  archived?: boolean;
}

export interface PageSeed {
  /** The space to put the page in; without it a new space is made from `space`. */
  spaceId?: string;
  space?: SpaceSeed;
  title?: string;
  parentId?: string | null;
  position?: number;
  /** Archived on its own (its own archive root), as archiving it through the API would leave it. */
  archived?: boolean;
}

let serial = 0;

const idOf = (who: Someone): string => (typeof who === 'string' ? who : 'user' in who ? who.user.id : who.id);

/** A space with the given members, written directly; returns its id. */
export async function seedSpace(db: Kysely<DB>, seed: SpaceSeed = {}): Promise<string> {
  const { id } = await db
    .insertInto('spaces')
    .values({ name: seed.name ?? `Amt ${++serial}`, archived_at: seed.archived ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roles: [Someone[] | undefined, SpaceRole][] = [
    [seed.owners, 'owner'],
    [seed.editors, 'editor'],
    [seed.readers, 'reader'],
  ];
  const rows = roles.flatMap(([members, role]) => (members ?? []).map((who) => ({ space_id: id, user_id: idOf(who), role })));
  if (rows.length) await db.insertInto('space_members').values(rows).execute();
  return id;
}

/** Makes someone a member of a space, written directly. */
export async function addMember(db: Kysely<DB>, spaceId: string, who: Someone, role: SpaceRole): Promise<void> {
  await db.insertInto('space_members').values({ space_id: spaceId, user_id: idOf(who), role }).execute();
}

/** A page with an empty body, written directly (in a new space unless `spaceId` is given). */
export async function seedPage(db: Kysely<DB>, seed: PageSeed = {}): Promise<{ spaceId: string; pageId: string }> {
  const spaceId = seed.spaceId ?? (await seedSpace(db, seed.space));
  const { id } = await db
    .insertInto('pages')
    .values({
      space_id: spaceId,
      parent_id: seed.parentId ?? null,
      title: seed.title ?? 'Seite',
      ...(seed.position !== undefined ? { position: seed.position } : {}),
      archived_at: seed.archived ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (seed.archived) await db.updateTable('pages').set({ archive_root_id: id }).where('id', '=', id).execute();
  return { spaceId, pageId: id };
}

/** A process with the given task ids (named "Schritt <id>") between a start and an end event, written directly. */
export async function seedProcess(db: Kysely<DB>, spaceId: string, name: string, taskIds: string[]): Promise<string> {
  const parsed = await parseUpload({ bytes: Buffer.from(linearModel({ name, taskIds })), fileName: null });
  return (await createProcess(db, spaceId, parsed, { actorId: null, ip: null })).id;
}

/** A signed-in client of a new account with `role` in the space (a new space when none is given). */
export async function member(
  t: TestApp,
  role: SpaceRole,
  spaceId?: string,
  user: Parameters<TestApp['userClient']>[0] = {},
): Promise<{ client: UserClient; spaceId: string }> {
  const client = await t.userClient(user);
  const space = spaceId ?? (await seedSpace(t.database.db));
  await addMember(t.database.db, space, client, role);
  return { client, spaceId: space };
}

/** Answers with the JSON body when the status is the expected one, else fails with what came back. */
async function expectStatus<T>(what: string, pending: ReturnType<Client['get']>, status: number): Promise<T> {
  const res = await pending;
  if (res.statusCode !== status) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
  return (res.body ? res.json() : undefined) as T;
}

/** Creates a space through the API; `owner` becomes its owner. */
export function createSpace(owner: Client, name = `Amt ${++serial}`): Promise<Space> {
  return expectStatus('create space', owner.post('/api/v1/spaces', { name }), 201);
}

/** Adds a member or changes their role through the API, as an owner of the space. */
export async function putMember(owner: Client, spaceId: string, who: Someone, role: SpaceRole): Promise<void> {
  await expectStatus('put member', owner.put(`/api/v1/spaces/${spaceId}/members/${idOf(who)}`, { role }), 200);
}

/** A signed-in client of a new account owning a new space, created through the API. */
export async function ownerWithSpace(t: TestApp, name = 'Bauamt'): Promise<{ owner: UserClient; spaceId: string }> {
  const owner = await t.userClient();
  return { owner, spaceId: (await createSpace(owner, name)).id };
}

/** A suite's app and one account owning a new space named `spaceName` (e.g. who uploads process models). */
export async function startWithSpaceOwner(backend: Backend, spaceName: string, displayName?: string): Promise<{ t: TestApp; owner: UserClient; spaceId: string }> {
  const t = await createTestApp(backend);
  const owner = await t.userClient(displayName ? { displayName } : {});
  return { t, owner, spaceId: await seedSpace(t.database.db, { name: spaceName, owners: [owner] }) };
}

/** Creates an empty page through the API; returns its id. */
export async function createPage(client: Client, spaceId: string, title: string, parentId: string | null = null): Promise<string> {
  return (await expectStatus<{ id: string }>('create page', client.post('/api/v1/pages', { spaceId, parentId, title }), 201)).id;
}

/** Creates a page from Markdown through the API (the client counts as its first contributor); returns its id. */
export async function importMarkdown(client: Client, spaceId: string, title: string, markdown = `# ${title}\n\nSo wird es gemacht.`): Promise<string> {
  return (await expectStatus<{ id: string }>('import', client.post('/api/v1/pages/import', { spaceId, title, markdown }), 201)).id;
}
