/**
 * The editor toolbar: a WAI-ARIA toolbar (one tab stop, arrow keys move between buttons),
 * each button named in the UI language with its shortcut, toggles exposing aria-pressed.
 * Table buttons appear while the cursor is in a table.
 */
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NodeSelection, type Command, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { addColumnAfter, addRowAfter, deleteColumn, deleteRow, deleteTable, isInTable, toggleHeaderRow } from 'prosemirror-tables';
import { schema } from '@stafette/schema';
import { activeListType, isBlockActive, isMarkActive, isWrappedIn } from './commands.ts';
import { describeKeys, SHORTCUT_COMMANDS, SHORTCUTS, type CommandShortcut, type ShortcutName } from './keymap.ts';
import { icons } from './icons.tsx';

interface Item {
  id: string;
  label: string;
  icon: ReactNode;
  shortcut?: ShortcutName;
  run: Command;
  active?: (state: EditorState) => boolean;
}

/** True while the selection is one image (its alternative text can be edited). */
export const imageSelected = (state: EditorState) => state.selection instanceof NodeSelection && state.selection.node.type === schema.nodes.image;

interface ToolbarProps {
  view: EditorView;
  state: EditorState;
  onLink: () => void;
  onPageLink: () => void;
  /** Opens the file picker; files picked are uploaded where the cursor is. Left out: no files (template bodies). */
  onAttach?: () => void;
  /** Opens the camera (phones and tablets only); the photo is uploaded where the cursor is. */
  onPhoto?: () => void;
  onAltText: () => void;
  /** Height of the on-screen keyboard (phones): the toolbar sits right above it; 0 when closed. */
  keyboardInset?: number;
}

export function Toolbar({ view, state, onLink, onPageLink, onAttach, onPhoto, onAltText, keyboardInset = 0 }: ToolbarProps) {
  const { t } = useTranslation();
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);
  const { nodes, marks } = schema;
  // Toolbar actions that open UI: the dry run (no dispatch) only answers "available".
  const asCommand =
    (fn: () => void): Command =>
    (_state, dispatch) => {
      if (dispatch) fn();
      return true;
    };

  // A button with a shortcut runs the shortcut's command.
  const bound = (shortcut: CommandShortcut) => ({ shortcut, run: SHORTCUT_COMMANDS[shortcut] });

  const groups: Item[][] = [
    [
      { id: 'bold', label: t('editor.bold'), icon: icons.bold, ...bound('bold'), active: (s) => isMarkActive(s, marks.strong!) },
      { id: 'italic', label: t('editor.italic'), icon: icons.italic, ...bound('italic'), active: (s) => isMarkActive(s, marks.em!) },
      { id: 'underline', label: t('editor.underline'), icon: icons.underline, ...bound('underline'), active: (s) => isMarkActive(s, marks.underline!) },
      { id: 'strike', label: t('editor.strike'), icon: icons.strike, ...bound('strike'), active: (s) => isMarkActive(s, marks.strike!) },
      { id: 'code', label: t('editor.code'), icon: icons.code, ...bound('code'), active: (s) => isMarkActive(s, marks.code!) },
    ],
    [
      { id: 'paragraph', label: t('editor.paragraph'), icon: icons.paragraph, ...bound('paragraph'), active: (s) => isBlockActive(s, nodes.paragraph!) },
      ...[1, 2, 3, 4].map(
        (level): Item => ({
          id: `heading${level}`,
          // The label holds the visible glyph ("H2") so speech input can name the button (WCAG 2.5.3).
          label: t('editor.headingButton', { level }),
          icon: icons.heading(level),
          ...bound(`heading${level}` as CommandShortcut),
          active: (s) => isBlockActive(s, nodes.heading!, { level }),
        }),
      ),
    ],
    [
      { id: 'bulletList', label: t('editor.bulletList'), icon: icons.bulletList, ...bound('bulletList'), active: (s) => activeListType(s) === nodes.bullet_list },
      { id: 'orderedList', label: t('editor.orderedList'), icon: icons.orderedList, ...bound('orderedList'), active: (s) => activeListType(s) === nodes.ordered_list },
      { id: 'taskList', label: t('editor.taskList'), icon: icons.taskList, ...bound('taskList'), active: (s) => activeListType(s) === nodes.task_list },
      { id: 'blockquote', label: t('editor.blockquote'), icon: icons.blockquote, ...bound('blockquote'), active: (s) => isWrappedIn(s, nodes.blockquote!) },
      { id: 'codeBlock', label: t('editor.codeBlock'), icon: icons.codeBlock, ...bound('codeBlock'), active: (s) => isBlockActive(s, nodes.code_block!) },
    ],
    [
      { id: 'link', label: t('editor.link'), icon: icons.link, shortcut: 'link', run: asCommand(onLink), active: (s) => isMarkActive(s, marks.link!) },
      { id: 'pageLink', label: t('editor.pageLink'), icon: icons.pageLink, run: asCommand(onPageLink) },
      ...(onAttach ? [{ id: 'attach', label: t('files.attach'), icon: icons.attach, run: asCommand(onAttach) }] : []),
      ...(onPhoto ? [{ id: 'photo', label: t('files.takePhoto'), icon: icons.photo, run: asCommand(onPhoto) }] : []),
      {
        id: 'altText',
        label: t('files.altText'),
        icon: icons.altText,
        run: (s, dispatch) => {
          if (!imageSelected(s)) return false;
          if (dispatch) onAltText();
          return true;
        },
      },
      { id: 'horizontalRule', label: t('editor.horizontalRule'), icon: icons.horizontalRule, ...bound('horizontalRule') },
      { id: 'table', label: t('editor.table'), icon: icons.table, ...bound('table') },
    ],
    ...(isInTable(state)
      ? [
          [
            { id: 'addRowAfter', label: t('editor.addRowAfter'), icon: icons.addRowAfter, run: addRowAfter },
            { id: 'addColumnAfter', label: t('editor.addColumnAfter'), icon: icons.addColumnAfter, run: addColumnAfter },
            { id: 'deleteRow', label: t('editor.deleteRow'), icon: icons.deleteRow, run: deleteRow },
            { id: 'deleteColumn', label: t('editor.deleteColumn'), icon: icons.deleteColumn, run: deleteColumn },
            { id: 'toggleHeaderRow', label: t('editor.toggleHeaderRow'), icon: icons.toggleHeaderRow, run: toggleHeaderRow },
            { id: 'deleteTable', label: t('editor.deleteTable'), icon: icons.deleteTable, run: deleteTable },
          ] satisfies Item[],
        ]
      : []),
    [
      { id: 'undo', label: t('editor.undo'), icon: icons.undo, ...bound('undo') },
      { id: 'redo', label: t('editor.redo'), icon: icons.redo, ...bound('redo') },
    ],
  ];
  const flat = groups.flat();
  const current = Math.min(focusIndex, flat.length - 1);
  const keyWords = { mod: t('keys.mod'), alt: t('keys.alt'), shift: t('keys.shift') };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1 };
    let next: number | null = null;
    if (event.key in moves) next = (current + moves[event.key]! + flat.length) % flat.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = flat.length - 1;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttons.current[next]?.focus();
  };

  let index = -1;
  return (
    <div
      role="toolbar"
      aria-label={t('editor.toolbar')}
      aria-controls="page-editor"
      className={keyboardInset > 0 ? 'toolbar toolbar-above-keyboard' : 'toolbar'}
      style={keyboardInset > 0 ? { bottom: keyboardInset } : undefined}
      onKeyDown={onKeyDown}
    >
      {groups.map((group, groupIndex) => (
        <div className="toolbar-group" role="group" key={groupIndex}>
          {group.map((item) => {
            index += 1;
            const myIndex = index;
            const enabled = item.run(state, undefined, view);
            const keys = item.shortcut ? describeKeys(SHORTCUTS[item.shortcut], keyWords) : null;
            const pressed = item.active ? item.active(state) : undefined;
            return (
              <button
                key={item.id}
                ref={(el) => {
                  buttons.current[myIndex] = el;
                }}
                type="button"
                className="toolbar-button"
                data-command={item.id}
                tabIndex={myIndex === current ? 0 : -1}
                aria-label={item.label}
                aria-pressed={pressed}
                aria-keyshortcuts={item.shortcut ? SHORTCUTS[item.shortcut].replace(/Mod/g, 'Control').replace(/-(?=.)/g, '+') : undefined}
                aria-disabled={!enabled || undefined}
                title={keys ? t('editor.shortcut', { label: item.label, keys }) : item.label}
                onMouseDown={(event) => event.preventDefault()}
                onFocus={() => setFocusIndex(myIndex)}
                onClick={() => {
                  if (!enabled) return;
                  item.run(view.state, view.dispatch, view);
                  if (item.id !== 'link' && item.id !== 'attach' && item.id !== 'photo' && item.id !== 'altText') view.focus();
                }}
              >
                {item.icon}
              </button>
            );
          })}
        </div>
      ))}
    </div>
  );
}
