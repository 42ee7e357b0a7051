/**
 * `@` in the page editor: a plugin that notices "@name" typed before the cursor and asks the
 * mention menu (EditorMentions.tsx) to offer readers of the page; the choice becomes a
 * `mention` node (user id and the name as written). Mention nodes show the current name of
 * the person (renames follow) through a node view fed by `MentionNames`. Both are added to the
 * running editor from outside, like the comment anchors.
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import type { EditorView, NodeView } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { schema } from '@stafette/schema';

export interface MentionQuery {
  active: boolean;
  from: number;
  to: number;
  query: string;
}

const INACTIVE: MentionQuery = { active: false, from: 0, to: 0, query: '' };
export const editorMentionsKey = new PluginKey<MentionQuery>('editor-mentions');

function queryAt(state: EditorState): MentionQuery {
  const { $from, empty } = state.selection;
  if (!empty || !$from.parent.isTextblock) return INACTIVE;
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc');
  const match = /(^|\s)@([^\s@\ufffc]{0,40})$/.exec(before);
  if (!match) return INACTIVE;
  return { active: true, from: $from.pos - match[2]!.length - 1, to: $from.pos, query: match[2]! };
}

/** The keys the open menu takes; it answers true when it used the key. */
export type MenuKeys = (key: 'ArrowUp' | 'ArrowDown' | 'Enter' | 'Tab' | 'Escape') => boolean;

export function editorMentionsPlugin(onChange: (q: MentionQuery) => void, onKey: MenuKeys): Plugin<MentionQuery> {
  return new Plugin<MentionQuery>({
    key: editorMentionsKey,
    state: {
      init: () => INACTIVE,
      apply: (tr, value, _old, state) => (tr.docChanged || tr.selectionSet ? queryAt(state) : value),
    },
    props: {
      handleKeyDown(view, event) {
        if (!editorMentionsKey.getState(view.state)?.active) return false;
        if (['ArrowUp', 'ArrowDown', 'Enter', 'Tab', 'Escape'].includes(event.key)) return onKey(event.key as Parameters<MenuKeys>[0]);
        return false;
      },
    },
    view: () => {
      let last = INACTIVE;
      return {
        update(view) {
          const next = editorMentionsKey.getState(view.state) ?? INACTIVE;
          if (next !== last) {
            last = next;
            onChange(next);
          }
        },
      };
    },
  });
}

/** Replaces the typed "@query" with a mention of the person, followed by a space. */
export function insertMention(view: EditorView, q: MentionQuery, person: { id: string; displayName: string }): void {
  const node = schema.nodes.mention!.create({ id: person.id, label: person.displayName });
  view.dispatch(view.state.tr.replaceWith(q.from, q.to, [node, schema.text(' ')]).scrollIntoView());
  view.focus();
}

/** Current names of mentioned people; node views show them and update when they arrive. */
export class MentionNames {
  private readonly names = new Map<string, string>();
  private readonly shown = new Set<{ id: string; dom: HTMLElement; label: string }>();

  set(entries: { id: string; displayName: string }[]): void {
    for (const e of entries) this.names.set(e.id, e.displayName);
    for (const s of this.shown) s.dom.textContent = `@${this.names.get(s.id) ?? s.label}`;
  }

  has(id: string): boolean {
    return this.names.has(id);
  }

  nodeView = (node: Node): NodeView => {
    const dom = document.createElement('span');
    dom.className = 'mention';
    const entry = { id: node.attrs.id as string, dom, label: node.attrs.label as string };
    dom.setAttribute('data-mention-id', entry.id);
    dom.textContent = `@${this.names.get(entry.id) ?? entry.label}`;
    this.shown.add(entry);
    return { dom, destroy: () => this.shown.delete(entry) };
  };
}

/** Ids of every mention in the document. */
export function mentionIds(doc: Node): string[] {
  const ids = new Set<string>();
  doc.descendants((n) => {
    if (n.type.name === 'mention') ids.add(n.attrs.id as string);
  });
  return [...ids];
}

export function installEditorMentions(view: EditorView, names: MentionNames, onChange: (q: MentionQuery) => void, onKey: MenuKeys): void {
  if (editorMentionsKey.getState(view.state)) return;
  // First, so the open menu gets Enter and the arrows before the editor's keymap.
  view.updateState(view.state.reconfigure({ plugins: [editorMentionsPlugin(onChange, onKey), ...view.state.plugins] }));
  view.setProps({ nodeViews: { ...view.props.nodeViews, mention: names.nodeView } });
}
