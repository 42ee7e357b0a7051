/** Pure helpers over the nested page tree: where a page is, and where a move puts it. */
import type { TreeNode } from '@stafette/api';

export interface Location {
  parentId: string | null;
  index: number;
  siblings: TreeNode[];
  node: TreeNode;
}

export function locate(tree: TreeNode[], id: string, parentId: string | null = null): Location | null {
  for (let index = 0; index < tree.length; index++) {
    const node = tree[index]!;
    if (node.id === id) return { parentId, index, siblings: tree, node };
    const inner = locate(node.children, id, node.id);
    if (inner) return inner;
  }
  return null;
}

export function isDescendant(tree: TreeNode[], ancestorId: string, id: string): boolean {
  const ancestor = locate(tree, ancestorId);
  if (!ancestor) return false;
  return locate(ancestor.node.children, id) !== null;
}

/** Ids from the top level down to (not including) the page: the branches to expand. */
export function ancestorIds(tree: TreeNode[], id: string): string[] {
  const path: string[] = [];
  const walk = (nodes: TreeNode[]): boolean => {
    for (const node of nodes) {
      if (node.id === id) return true;
      path.push(node.id);
      if (walk(node.children)) return true;
      path.pop();
    }
    return false;
  };
  return walk(tree) ? path : [];
}

export type DropZone = 'before' | 'inside' | 'after';

/**
 * The move request for dropping `dragId` at `zone` of `targetId`: a parent and the 0-based
 * index among that parent's children once the page has left its old place. Null when the
 * drop would put a page into itself or change nothing.
 */
export function moveTarget(tree: TreeNode[], dragId: string, targetId: string, zone: DropZone): { parentId: string | null; position: number } | null {
  if (dragId === targetId || isDescendant(tree, dragId, targetId)) return null;
  const target = locate(tree, targetId);
  const drag = locate(tree, dragId);
  if (!target || !drag) return null;
  if (zone === 'inside') {
    const children = target.node.children.filter((child) => child.id !== dragId);
    return { parentId: targetId, position: children.length };
  }
  const siblings = target.siblings.filter((node) => node.id !== dragId);
  const targetIndex = siblings.findIndex((node) => node.id === targetId);
  const position = zone === 'before' ? targetIndex : targetIndex + 1;
  if (drag.parentId === target.parentId && siblings.findIndex((n) => n.id === dragId) === -1 && position === drag.index) return null;
  return { parentId: target.parentId, position };
}
