/**
 * Keyboard shortcuts for everything in the schema. `SHORTCUTS` and `SHORTCUT_COMMANDS` are the
 * tables the keymap and the toolbar are both built from, so a tooltip never names a key that
 * does nothing and a button always does what its key does.
 */
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import { goToNextCell } from 'prosemirror-tables';
import type { Command, Plugin } from 'prosemirror-state';
import { redoCommand as redo, undoCommand as undo } from 'y-prosemirror';
import { schema } from '@stafette/schema';
import {
  insertHardBreak,
  insertHorizontalRule,
  insertTable,
  toggleBlockquote,
  toggleCode,
  toggleCodeBlock,
  toggleEm,
  toggleHeading,
  toggleList,
  toggleStrike,
  toggleStrong,
  toggleUnderline,
  setParagraph,
} from './commands.ts';

export type ShortcutName =
  | 'bold'
  | 'italic'
  | 'underline'
  | 'strike'
  | 'code'
  | 'paragraph'
  | 'heading1'
  | 'heading2'
  | 'heading3'
  | 'heading4'
  | 'bulletList'
  | 'orderedList'
  | 'taskList'
  | 'blockquote'
  | 'codeBlock'
  | 'horizontalRule'
  | 'table'
  | 'link'
  | 'undo'
  | 'redo';

/** ProseMirror key names ("Mod" = Ctrl, or Cmd on a Mac). */
export const SHORTCUTS: Record<ShortcutName, string> = {
  bold: 'Mod-b',
  italic: 'Mod-i',
  underline: 'Mod-u',
  strike: 'Mod-Shift-x',
  code: 'Mod-e',
  paragraph: 'Mod-Alt-0',
  heading1: 'Mod-Alt-1',
  heading2: 'Mod-Alt-2',
  heading3: 'Mod-Alt-3',
  heading4: 'Mod-Alt-4',
  bulletList: 'Mod-Shift-8',
  orderedList: 'Mod-Shift-7',
  taskList: 'Mod-Shift-9',
  blockquote: 'Mod-Shift-b',
  codeBlock: 'Mod-Alt-c',
  horizontalRule: 'Mod-Shift--',
  table: 'Mod-Alt-t',
  link: 'Mod-Shift-k',
  undo: 'Mod-z',
  redo: 'Mod-Shift-z',
};

/** The shortcuts whose command is fixed; `link` opens a dialog the React side supplies (see `buildKeymaps`). */
export type CommandShortcut = Exclude<ShortcutName, 'link'>;

/** What each shortcut runs. */
export const SHORTCUT_COMMANDS: Record<CommandShortcut, Command> = {
  bold: toggleStrong,
  italic: toggleEm,
  underline: toggleUnderline,
  strike: toggleStrike,
  code: toggleCode,
  paragraph: setParagraph,
  heading1: toggleHeading(1),
  heading2: toggleHeading(2),
  heading3: toggleHeading(3),
  heading4: toggleHeading(4),
  bulletList: toggleList(schema.nodes.bullet_list!),
  orderedList: toggleList(schema.nodes.ordered_list!),
  taskList: toggleList(schema.nodes.task_list!),
  blockquote: toggleBlockquote,
  codeBlock: toggleCodeBlock,
  horizontalRule: insertHorizontalRule,
  table: insertTable,
  undo,
  redo,
};

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** Human form of a key binding, e.g. "Strg+Umschalt+8", with the words of the UI language. */
export function describeKeys(binding: string, words: { mod: string; alt: string; shift: string }): string {
  return binding
    .split('-')
    .map((part, index, all) => {
      if (part === '' && index === all.length - 1) return '-';
      if (part === 'Mod') return isMac ? '⌘' : words.mod;
      if (part === 'Alt') return isMac ? '⌥' : words.alt;
      if (part === 'Shift') return isMac ? '⇧' : words.shift;
      return part.length === 1 ? part.toUpperCase() : part;
    })
    .filter((part, index, all) => !(part === '' && all[index + 1] === '-'))
    .join('+');
}

/** The editor's key bindings; `openLinkDialog` is supplied by the React side. */
export function buildKeymaps(openLinkDialog: Command): Plugin[] {
  const { list_item, task_item } = schema.nodes;
  const bindings: Record<string, Command> = {
    ...Object.fromEntries(Object.entries(SHORTCUT_COMMANDS).map(([name, command]) => [SHORTCUTS[name as ShortcutName], command])),
    [SHORTCUTS.link]: openLinkDialog,
    'Mod-y': redo,
    'Shift-Enter': chainCommands(exitCode, insertHardBreak),
    'Mod-Enter': chainCommands(exitCode, insertHardBreak),
    Enter: chainCommands(splitListItem(list_item!), splitListItem(task_item!, { checked: false })),
    Tab: chainCommands(goToNextCell(1), sinkListItem(list_item!), sinkListItem(task_item!)),
    'Shift-Tab': chainCommands(goToNextCell(-1), liftListItem(list_item!), liftListItem(task_item!)),
  };
  return [keymap(bindings), keymap(baseKeymap)];
}
