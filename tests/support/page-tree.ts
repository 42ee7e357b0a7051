import type { TreeNode } from '@stafette/api';
import type { Client } from './test-app.ts';

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
