import type { TreeNode } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The nested tree of live pages of a space, for navigation. */
export async function loadTree(db: Kysely<DB>, spaceId: string): Promise<TreeNode[]> {
  const rows = await db
    .selectFrom('pages')
    .select(['id', 'parent_id', 'title'])
    .where('space_id', '=', spaceId)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const nodes = new Map<string, TreeNode>(rows.map((r) => [r.id, { id: r.id, title: r.title, children: [] }]));
  const roots: TreeNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    if (row.parent_id === null) roots.push(node);
    else nodes.get(row.parent_id)?.children.push(node);
  }
  return roots;
}
