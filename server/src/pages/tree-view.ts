import type { TreeNode } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { highest } from '../classification/levels.ts';

/** The nested tree of live pages of a space, for navigation, with each page's effective classification. */
export async function loadTree(db: Kysely<DB>, spaceId: string): Promise<TreeNode[]> {
  const rows = await db
    .selectFrom('pages')
    .select(['id', 'parent_id', 'title', 'classification'])
    .where('space_id', '=', spaceId)
    .where('archived_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const space = await db.selectFrom('spaces').select('classification').where('id', '=', spaceId).executeTakeFirst();
  const floor = space?.classification ?? 'intern';
  const nodes = new Map<string, TreeNode>(rows.map((r) => [r.id, { id: r.id, title: r.title, classification: highest(floor, r.classification), children: [] }]));
  const roots: TreeNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    if (row.parent_id === null) roots.push(node);
    else nodes.get(row.parent_id)?.children.push(node);
  }
  // Sub-pages inherit: walk down from the roots, each node at least as high as its parent.
  const inherit = (node: TreeNode, above: TreeNode['classification']) => {
    node.classification = highest(above, node.classification);
    for (const child of node.children) inherit(child, node.classification);
  };
  for (const root of roots) inherit(root, floor);
  return roots;
}
