/**
 * Highlights of commented text in the editor. The panel hands the open inline threads to the
 * plugin (`setCommentAnchors`); on every change of the document the plugin resolves their
 * anchors through y-prosemirror's binding mapping, draws them, and reports where each one is
 * now (null: its text is gone) so the panel can say "Text entfernt".
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import type * as Y from 'yjs';
import type { CommentAnchor } from '@stafette/api';
import { resolveAnchor } from './anchors.ts';

export interface AnchoredThread {
  id: string;
  anchor: CommentAnchor;
}

export type AnchorPositions = Map<string, { from: number; to: number } | null>;

interface PluginState {
  threads: AnchoredThread[];
  active: string | null;
  positions: AnchorPositions;
  decorations: DecorationSet;
}

export const commentAnchorsKey = new PluginKey<PluginState>('comment-anchors');

function resolveAll(state: EditorState, threads: AnchoredThread[]): AnchorPositions {
  const positions: AnchorPositions = new Map();
  const sync = ySyncPluginKey.getState(state) as { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Parameters<typeof resolveAnchor>[2] } | null } | undefined;
  for (const thread of threads) {
    const range = sync?.binding ? resolveAnchor(sync.doc, sync.type, sync.binding.mapping, thread.anchor) : null;
    positions.set(thread.id, range && range.to <= state.doc.content.size ? range : null);
  }
  return positions;
}

function draw(state: EditorState, positions: AnchorPositions, active: string | null): DecorationSet {
  const decorations: Decoration[] = [];
  for (const [id, range] of positions) {
    if (range) decorations.push(Decoration.inline(range.from, range.to, { class: id === active ? 'comment-anchor active' : 'comment-anchor', 'data-comment-id': id }));
  }
  return DecorationSet.create(state.doc, decorations);
}

export function commentAnchorsPlugin(onPositions: (positions: AnchorPositions) => void): Plugin<PluginState> {
  return new Plugin<PluginState>({
    key: commentAnchorsKey,
    state: {
      init: (_config, state) => ({ threads: [], active: null, positions: new Map(), decorations: DecorationSet.create(state.doc, []) }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(commentAnchorsKey) as { threads?: AnchoredThread[]; active?: string | null } | undefined;
        if (!meta && !tr.docChanged) return value;
        const threads = meta?.threads ?? value.threads;
        const active = meta && 'active' in meta ? (meta.active ?? null) : value.active;
        const positions = resolveAll(state, threads);
        return { threads, active, positions, decorations: draw(state, positions, active) };
      },
    },
    props: {
      decorations: (state) => commentAnchorsKey.getState(state)?.decorations,
    },
    view: () => {
      let last: AnchorPositions | null = null;
      return {
        update(view) {
          const positions = commentAnchorsKey.getState(view.state)?.positions ?? null;
          if (positions && positions !== last) {
            last = positions;
            onPositions(positions);
          }
        },
      };
    },
  });
}

/** Adds the plugin to a running editor (the editor itself knows nothing of comments). */
export function installCommentAnchors(view: EditorView, onPositions: (positions: AnchorPositions) => void): void {
  if (commentAnchorsKey.getState(view.state)) return;
  view.updateState(view.state.reconfigure({ plugins: [...view.state.plugins, commentAnchorsPlugin(onPositions)] }));
}

export function setCommentAnchors(view: EditorView, threads: AnchoredThread[], active: string | null): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(commentAnchorsKey, { threads, active }).setMeta('addToHistory', false));
}
