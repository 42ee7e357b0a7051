import type { TreeNode } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB, SpaceRole } from '../../server/src/db/schema.ts';
import type { Client, TestApp } from '../support/test-app.ts';

/** Creates a space directly in the database with the given members. */
export async function seedSpace(db: Kysely<DB>, members: Record<string, SpaceRole>, name = 'Bürgeramt'): Promise<string> {
  const space = await db.insertInto('spaces').values({ name }).returning('id').executeTakeFirstOrThrow();
  const rows = Object.entries(members).map(([user_id, role]) => ({ space_id: space.id, user_id, role }));
  if (rows.length) await db.insertInto('space_members').values(rows).execute();
  return space.id;
}

/** Creates a page through the API and returns its id. */
export async function createPage(client: Client, spaceId: string, title: string, parentId: string | null = null): Promise<string> {
  const res = await client.post('/api/v1/pages', { spaceId, parentId, title });
  if (res.statusCode !== 201) throw new Error(`create page failed: ${res.statusCode} ${res.body}`);
  return res.json().id;
}

export async function tree(client: Client, spaceId: string): Promise<TreeNode[]> {
  const res = await client.get(`/api/v1/spaces/${spaceId}/tree`);
  if (res.statusCode !== 200) throw new Error(`tree failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** The tree as nested titles, compact to compare. */
export function shape(nodes: TreeNode[]): unknown[] {
  return nodes.map((n) => (n.children.length ? { [n.title]: shape(n.children) } : n.title));
}

export function allIds(nodes: TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children)]);
}

/** An owner client with a fresh space of its own. */
export async function ownerWithSpace(t: TestApp, name = 'Bauamt') {
  const owner = await t.userClient();
  const res = await owner.post('/api/v1/spaces', { name });
  if (res.statusCode !== 201) throw new Error(`create space failed: ${res.statusCode} ${res.body}`);
  return { owner, spaceId: res.json().id as string };
}
