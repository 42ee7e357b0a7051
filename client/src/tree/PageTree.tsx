/**
 * The page tree of one space: expand and collapse, open a page, and for editors create a
 * subpage, rename, reorder (menu or drag and drop) and archive. Every change goes to the API
 * and the tree is reloaded from the server, which keeps the order authoritative.
 */
import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PAGE_TITLE_MAX_LENGTH } from '@stafette/api/limits';
import type { Space, TreeNode } from '@stafette/api';
import { pagesApi } from '../api/endpoints.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Menu, type MenuAction } from '../ui/Menu.tsx';
import { MoreIcon } from '../ui/MoreIcon.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useWorkspace } from '../workspace/workspace.tsx';
import { ancestorIds, locate, moveTarget, type DropZone } from './tree-ops.ts';
import { ClassificationBadge } from '../classification/ClassificationBadge.tsx';

interface Props {
  space: Space;
  tree: TreeNode[];
  activePageId: string | null;
}

interface DragState {
  dragId: string;
  overId: string | null;
  zone: DropZone | null;
}

export function PageTree({ space, tree, activePageId }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { reloadTree } = useWorkspace();
  const canEdit = space.permissions.canCreatePages;
  const [expanded, setExpanded] = useState<Set<string>>(() => new Set());
  const [renaming, setRenaming] = useState<string | null>(null);
  const [archiving, setArchiving] = useState<TreeNode | null>(null);
  const [drag, setDrag] = useState<DragState | null>(null);
  const [notice, setNotice] = useState<{ text: string; tone: 'info' | 'error' } | null>(null);

  // The branch of the open page is always expanded.
  useEffect(() => {
    if (!activePageId) return;
    const path = ancestorIds(tree, activePageId);
    if (path.length === 0) return;
    setExpanded((current) => (path.every((id) => current.has(id)) ? current : new Set([...current, ...path])));
  }, [tree, activePageId]);

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const fail = useCallback(() => setNotice({ text: t('common.errorGeneric'), tone: 'error' }), [t]);

  const createPage = async (parentId: string | null) => {
    try {
      const page = await pagesApi.create({ spaceId: space.id, parentId, title: t('tree.untitled') });
      if (parentId) setExpanded((current) => new Set([...current, parentId]));
      await reloadTree();
      navigate(`/pages/${page.id}`, { state: { focusTitle: true } });
    } catch {
      fail();
    }
  };

  const move = async (node: TreeNode, parentId: string | null, position: number) => {
    try {
      await pagesApi.move(node.id, parentId, position);
      if (parentId) setExpanded((current) => new Set([...current, parentId]));
      await reloadTree();
      setNotice({ text: t('tree.moved', { title: node.title }), tone: 'info' });
    } catch {
      fail();
    }
  };

  const rename = async (node: TreeNode, title: string) => {
    setRenaming(null);
    const trimmed = title.trim();
    if (!trimmed || trimmed === node.title) return;
    try {
      await pagesApi.rename(node.id, trimmed);
      await reloadTree();
    } catch {
      fail();
    }
  };

  const archive = async (node: TreeNode) => {
    setArchiving(null);
    try {
      await pagesApi.archive(node.id);
      const openInside = activePageId && (activePageId === node.id || locate(node.children, activePageId));
      await reloadTree();
      setNotice({ text: t('tree.archived', { title: node.title }), tone: 'info' });
      if (openInside) navigate(`/spaces/${space.id}`);
    } catch {
      fail();
    }
  };

  const actionsFor = (node: TreeNode): MenuAction[] => {
    const at = locate(tree, node.id)!;
    const above = at.siblings[at.index - 1];
    return [
      { id: 'add', label: t('tree.addChild'), run: () => void createPage(node.id) },
      { id: 'rename', label: t('tree.rename'), run: () => setRenaming(node.id) },
      { id: 'up', label: t('tree.moveUp'), disabled: at.index === 0, run: () => void move(node, at.parentId, at.index - 1) },
      { id: 'down', label: t('tree.moveDown'), disabled: at.index === at.siblings.length - 1, run: () => void move(node, at.parentId, at.index + 1) },
      { id: 'indent', label: t('tree.indent'), disabled: !above, run: () => above && void move(node, above.id, above.children.length) },
      {
        id: 'outdent',
        label: t('tree.outdent'),
        disabled: at.parentId === null,
        run: () => {
          const parent = at.parentId ? locate(tree, at.parentId) : null;
          if (parent) void move(node, parent.parentId, parent.index + 1);
        },
      },
      { id: 'archive', label: t('tree.archive'), danger: true, run: () => setArchiving(node) },
    ];
  };

  const zoneOf = (event: DragEvent<HTMLElement>): DropZone => {
    const rect = event.currentTarget.getBoundingClientRect();
    const y = (event.clientY - rect.top) / rect.height;
    return y < 0.28 ? 'before' : y > 0.72 ? 'after' : 'inside';
  };

  const renderNodes = (nodes: TreeNode[], depth: number) => (
    <ul className={depth === 0 ? 'tree' : 'tree-children'} role={depth === 0 ? undefined : 'group'}>
      {nodes.map((node) => {
        const hasChildren = node.children.length > 0;
        const isOpen = expanded.has(node.id);
        const isDropTarget = drag && drag.overId === node.id && drag.zone;
        return (
          <li key={node.id} className="tree-item">
            <div
              className={[
                'tree-row',
                node.id === activePageId ? 'is-active' : '',
                drag?.dragId === node.id ? 'is-dragging' : '',
                isDropTarget ? `drop-${drag.zone}` : '',
              ].join(' ')}
              style={{ paddingLeft: 6 + depth * 14 }}
              data-page-id={node.id}
              draggable={canEdit && renaming !== node.id}
              onDragStart={(event) => {
                event.dataTransfer.effectAllowed = 'move';
                event.dataTransfer.setData('application/x-stafette-page', node.id);
                setDrag({ dragId: node.id, overId: null, zone: null });
              }}
              onDragOver={(event) => {
                if (!drag) return;
                const zone = zoneOf(event);
                if (!moveTarget(tree, drag.dragId, node.id, zone)) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
                if (drag.overId !== node.id || drag.zone !== zone) setDrag({ ...drag, overId: node.id, zone });
              }}
              onDragLeave={() => drag?.overId === node.id && setDrag({ ...drag, overId: null, zone: null })}
              onDrop={(event) => {
                event.preventDefault();
                if (!drag) return;
                const target = moveTarget(tree, drag.dragId, node.id, zoneOf(event));
                const dragged = locate(tree, drag.dragId)?.node;
                setDrag(null);
                if (target && dragged) void move(dragged, target.parentId, target.position);
              }}
              onDragEnd={() => setDrag(null)}
            >
              {hasChildren ? (
                <button
                  type="button"
                  className="tree-toggle"
                  aria-expanded={isOpen}
                  aria-label={t(isOpen ? 'tree.collapse' : 'tree.expand', { title: node.title })}
                  onClick={() => toggle(node.id)}
                >
                  <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true" className={isOpen ? 'chevron open' : 'chevron'}>
                    <path d="M4 2.5 7.5 6 4 9.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
                  </svg>
                </button>
              ) : (
                <span className="tree-toggle-spacer" aria-hidden="true" />
              )}
              {renaming === node.id ? (
                <RenameField node={node} onDone={(title) => void rename(node, title)} onCancel={() => setRenaming(null)} />
              ) : (
                <>
                  <Link to={`/pages/${node.id}`} className="tree-link" aria-current={node.id === activePageId ? 'page' : undefined} draggable={false}>
                    {node.title}
                  </Link>
                  <ClassificationBadge level={node.classification} />
                </>
              )}
              {canEdit && renaming !== node.id && (
                <span className="tree-actions">
                  <button type="button" className="icon-button" aria-label={t('tree.addChildTo', { title: node.title })} title={t('tree.addChildTo', { title: node.title })} onClick={() => void createPage(node.id)}>
                    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
                      <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                    </svg>
                  </button>
                  <Menu label={t('tree.actions', { title: node.title })} actions={actionsFor(node)}>
                    <MoreIcon size={14} />
                  </Menu>
                </span>
              )}
            </div>
            {hasChildren && isOpen && renderNodes(node.children, depth + 1)}
          </li>
        );
      })}
    </ul>
  );

  return (
    <div className="page-tree">
      <div className="page-tree-header">
        <Link to={`/spaces/${space.id}`} className="page-tree-space">
          {space.name}
        </Link>
        {canEdit && (
          <button type="button" className="icon-button" aria-label={t('tree.newPage')} title={t('tree.newPage')} onClick={() => void createPage(null)} data-testid="tree-new-page">
            <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
              <path d="M8 3v10M3 8h10" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
            </svg>
          </button>
        )}
      </div>
      <nav aria-label={t('tree.label', { space: space.name })}>
        {tree.length === 0 ? <p className="muted tree-empty">{t('space.emptyTree')}</p> : renderNodes(tree, 0)}
      </nav>
      <ConfirmDialog
        title={t('tree.archiveTitle')}
        open={archiving !== null}
        question={archiving && t('tree.archiveConfirm', { title: archiving.title })}
        confirmLabel={t('tree.archive')}
        onConfirm={() => archiving && void archive(archiving)}
        onCancel={() => setArchiving(null)}
      />
      <Notice message={notice?.text ?? null} tone={notice?.tone} onDone={useCallback(() => setNotice(null), [])} />
    </div>
  );
}

function RenameField({ node, onDone, onCancel }: { node: TreeNode; onDone(title: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(node.title);
  const ref = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    finished.current = true;
    onDone(value);
  };
  return (
    <form className="tree-rename" onSubmit={submit}>
      <input
        ref={ref}
        value={value}
        maxLength={PAGE_TITLE_MAX_LENGTH}
        aria-label={t('tree.renameLabel', { title: node.title })}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            finished.current = true;
            onCancel();
          }
        }}
        onBlur={() => {
          if (!finished.current) onDone(value);
        }}
      />
    </form>
  );
}
