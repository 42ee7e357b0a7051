/**
 * "[[" opens a page-link autocomplete. The plugin only tracks the trigger (where "[[" starts
 * and what was typed after it) and forwards the arrow, Enter, Tab and Escape keys to whoever
 * renders the suggestions (the React menu); inserting replaces "[[query" with a page_link node.
 */
import { Plugin, PluginKey, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { schema } from '@stafette/schema';

export interface SuggestState {
  active: boolean;
  /** Document position of the first "[". */
  from: number;
  /** Position of the cursor (end of the query). */
  to: number;
  query: string;
}

export interface SuggestHandler {
  /** Called after every state change with the current trigger (inactive when none). */
  onChange(state: SuggestState, view: EditorView): void;
  /** Keys while active; return true when handled. */
  onKey(key: 'ArrowUp' | 'ArrowDown' | 'Enter' | 'Tab' | 'Escape'): boolean;
}

const TRIGGER = /\[\[([^[\]\n]{0,80})$/;
const INACTIVE: SuggestState = { active: false, from: 0, to: 0, query: '' };
type PluginState = SuggestState & { dismissedAt: number | null };
export const pageLinkSuggestKey = new PluginKey<PluginState>('pageLinkSuggest');

function triggerAt(state: EditorState): SuggestState {
  const { selection } = state;
  if (!selection.empty) return INACTIVE;
  const $pos = selection.$from;
  if (!$pos.parent.isTextblock || $pos.parent.type.spec.code) return INACTIVE;
  const before = $pos.parent.textBetween(0, $pos.parentOffset, undefined, '\ufffc');
  const match = TRIGGER.exec(before);
  if (!match) return INACTIVE;
  return { active: true, from: $pos.pos - match[0].length, to: $pos.pos, query: match[1] ?? '' };
}

export function pageLinkSuggestPlugin(handler: SuggestHandler): Plugin {
  return new Plugin<PluginState>({
    key: pageLinkSuggestKey,
    state: {
      init: (): PluginState => ({ ...INACTIVE, dismissedAt: null }),
      apply(tr, previous, _old, next): PluginState {
        const found = triggerAt(next);
        const dismissed = tr.getMeta(pageLinkSuggestKey)?.dismiss === true ? found.from : previous.dismissedAt;
        // Escape dismisses this trigger; typing a new "[[" elsewhere opens the menu again.
        if (found.active && dismissed === found.from) return { ...INACTIVE, dismissedAt: dismissed };
        return { ...found, dismissedAt: found.active ? null : dismissed };
      },
    },
    view() {
      return {
        update(view) {
          const state = pageLinkSuggestKey.getState(view.state)!;
          handler.onChange({ active: state.active, from: state.from, to: state.to, query: state.query }, view);
        },
        destroy() {
          handler.onChange(INACTIVE, null as unknown as EditorView);
        },
      };
    },
    props: {
      handleKeyDown(view, event) {
        const state = pageLinkSuggestKey.getState(view.state);
        if (!state?.active) return false;
        const key = event.key;
        if (key === 'Escape') {
          view.dispatch(view.state.tr.setMeta(pageLinkSuggestKey, { dismiss: true }));
          handler.onKey('Escape');
          return true;
        }
        if (key === 'ArrowUp' || key === 'ArrowDown' || key === 'Enter' || key === 'Tab') return handler.onKey(key);
        return false;
      },
    },
  });
}

/** Replaces the "[[query" trigger with a link to the page, followed by a space. */
export function insertPageLink(view: EditorView, trigger: SuggestState, page: { id: string; title: string }): void {
  const node = schema.nodes.page_link!.create({ pageId: page.id, title: page.title });
  const tr = view.state.tr.replaceWith(trigger.from, trigger.to, [node, schema.text(' ')]);
  view.dispatch(tr.scrollIntoView());
  view.focus();
}
