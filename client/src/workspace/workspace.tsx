/**
 * What the sidebar shows around every screen: the spaces the user can read and the page tree
 * of the space being worked in. Screens set the active space and ask for reloads after they
 * change the tree, so the sidebar never shows a stale title.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Space, TreeNode } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { invalidatePageIndex } from '../pages-index/page-index.ts';

interface Workspace {
  spaces: Space[] | null;
  reloadSpaces(): Promise<void>;
  activeSpaceId: string | null;
  setActiveSpaceId(id: string | null): void;
  tree: TreeNode[] | null;
  treeError: unknown;
  reloadTree(): Promise<void>;
}

const WorkspaceContext = createContext<Workspace | null>(null);

export function WorkspaceProvider({ children }: { children: ReactNode }) {
  const [spaces, setSpaces] = useState<Space[] | null>(null);
  const [activeSpaceId, setActiveSpaceId] = useState<string | null>(null);
  const [tree, setTree] = useState<{ spaceId: string; nodes: TreeNode[] } | null>(null);
  const [treeError, setTreeError] = useState<unknown>(null);

  const reloadSpaces = useCallback(async () => {
    setSpaces(await spacesApi.list());
  }, []);

  useEffect(() => {
    reloadSpaces().catch(() => setSpaces([]));
  }, [reloadSpaces]);

  const reloadTree = useCallback(async () => {
    invalidatePageIndex();
    if (!activeSpaceId) return;
    try {
      const nodes = await spacesApi.tree(activeSpaceId);
      setTree({ spaceId: activeSpaceId, nodes });
      setTreeError(null);
    } catch (error) {
      setTreeError(error);
    }
  }, [activeSpaceId]);

  useEffect(() => {
    void reloadTree();
  }, [reloadTree]);

  const value = useMemo<Workspace>(
    () => ({
      spaces,
      reloadSpaces,
      activeSpaceId,
      setActiveSpaceId,
      tree: tree && tree.spaceId === activeSpaceId ? tree.nodes : null,
      treeError,
      reloadTree,
    }),
    [spaces, reloadSpaces, activeSpaceId, tree, treeError, reloadTree],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}

export function useWorkspace(): Workspace {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}

/** Marks the space a screen works in, so the sidebar shows its tree. */
export function useActiveSpace(spaceId: string | null | undefined): void {
  const { setActiveSpaceId } = useWorkspace();
  useEffect(() => {
    if (spaceId) setActiveSpaceId(spaceId);
  }, [spaceId, setActiveSpaceId]);
}
