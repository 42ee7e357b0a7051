/**
 * Editing commands for the page schema, shared by the toolbar, the keymap and the tests: each
 * is a ProseMirror `Command`, plus the `is…Active` queries the toolbar uses for its pressed state.
 */
import { lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import type { Attrs, MarkType, NodeType } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import { schema } from '@stafette/schema';

const { nodes, marks } = schema;

export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** The nearest ancestor of the selection with one of the given types, with its depth. */
function ancestorOf(state: EditorState, types: NodeType[]): { type: NodeType; depth: number } | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth);
    if (types.includes(node.type)) return { type: node.type, depth };
  }
  return null;
}

export function isBlockActive(state: EditorState, type: NodeType, attrs: Attrs = {}): boolean {
  const { $from, to } = state.selection;
  const parent = $from.parent;
  if (to > $from.end()) return false;
  return parent.hasMarkup(type, { ...parent.attrs, ...attrs }) && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
}

const LIST_TYPES = () => [nodes.bullet_list!, nodes.ordered_list!, nodes.task_list!];

export function activeListType(state: EditorState): NodeType | null {
  return ancestorOf(state, LIST_TYPES())?.type ?? null;
}

export function isWrappedIn(state: EditorState, type: NodeType): boolean {
  return ancestorOf(state, [type]) !== null;
}

export const toggleStrong = toggleMark(marks.strong!);
export const toggleEm = toggleMark(marks.em!);
export const toggleUnderline = toggleMark(marks.underline!);
export const toggleStrike = toggleMark(marks.strike!);
export const toggleCode = toggleMark(marks.code!);

export const setParagraph = setBlockType(nodes.paragraph!);

/** Turns the block into a heading of `level`, or back into a paragraph when it is one already. */
export function toggleHeading(level: number): Command {
  return (state, dispatch) => {
    if (isBlockActive(state, nodes.heading!, { level })) return setParagraph(state, dispatch);
    return setBlockType(nodes.heading!, { level })(state, dispatch);
  };
}

export const toggleCodeBlock: Command = (state, dispatch) => {
  if (isBlockActive(state, nodes.code_block!)) return setParagraph(state, dispatch);
  return setBlockType(nodes.code_block!)(state, dispatch);
};

export const toggleBlockquote: Command = (state, dispatch) => {
  if (isWrappedIn(state, nodes.blockquote!)) return lift(state, dispatch);
  return wrapIn(nodes.blockquote!)(state, dispatch);
};

function itemTypeOf(listType: NodeType): NodeType {
  return listType === nodes.task_list ? nodes.task_item! : nodes.list_item!;
}

/**
 * Wraps the selection in a list of `listType`; inside such a list already it lifts the items
 * out; inside another kind of list it changes the list's type in place.
 */
export function toggleList(listType: NodeType): Command {
  return (state, dispatch) => {
    const current = ancestorOf(state, LIST_TYPES());
    if (current?.type === listType) return liftListItem(itemTypeOf(listType))(state, dispatch);
    if (current && itemTypeOf(current.type) === itemTypeOf(listType)) {
      // bullet <-> ordered: same items, only the list node changes.
      if (dispatch) {
        const pos = state.selection.$from.before(current.depth);
        dispatch(state.tr.setNodeMarkup(pos, listType));
      }
      return true;
    }
    if (current) {
      // Between task lists and plain lists the items differ: lift out first, then wrap.
      if (!dispatch) return true;
      liftListItem(itemTypeOf(current.type))(state, (tr) => {
        const next = state.apply(tr);
        wrapInList(listType)(next, (tr2) => {
          tr2.steps.forEach((step) => tr.step(step));
        });
        dispatch(tr);
      });
      return true;
    }
    return wrapInList(listType)(state, dispatch);
  };
}

export const insertHorizontalRule: Command = (state, dispatch) => {
  const hr = nodes.horizontal_rule!;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(hr.create()).scrollIntoView());
  return true;
};

export const insertHardBreak: Command = (state, dispatch) => {
  if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.hard_break!.create()).scrollIntoView());
  return true;
};

/** Inserts a 3 × 3 table with a header row and puts the cursor into its first cell. */
export const insertTable: Command = (state, dispatch) => {
  const { table, table_row, table_header, table_cell } = nodes;
  if (!table || !table_row || !table_header || !table_cell) return false;
  const $from = state.selection.$from;
  if (!$from.parent.isTextblock || ancestorOf(state, [table])) return false;
  if (dispatch) {
    const row = (cell: NodeType) => table_row.create(null, [cell.createAndFill()!, cell.createAndFill()!, cell.createAndFill()!]);
    const node = table.create(null, [row(table_header), row(table_cell), row(table_cell)]);
    const tr = state.tr.replaceSelectionWith(node);
    // The inserted node object is kept in the new document: find it and enter its first cell
    // (table > row > cell > paragraph = 4 positions in).
    let tablePos = -1;
    tr.doc.descendants((child, pos) => {
      if (tablePos >= 0) return false;
      if (child === node) tablePos = pos;
      return tablePos < 0;
    });
    if (tablePos >= 0) tr.setSelection(TextSelection.create(tr.doc, tablePos + 4));
    dispatch(tr.scrollIntoView());
  }
  return true;
};

/** Sets (or, with an empty href, removes) the link on the selection. */
export function setLink(href: string | null): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    const link = marks.link!;
    if (!dispatch) return true;
    let tr = state.tr;
    if (empty) {
      const range = linkRangeAt(state);
      if (range) {
        tr = tr.removeMark(range.from, range.to, link);
        if (href) tr = tr.addMark(range.from, range.to, link.create({ href }));
      } else if (href) {
        tr = tr.insert(from, schema.text(href, [link.create({ href })]));
      }
    } else {
      tr = tr.removeMark(from, to, link);
      if (href) tr = tr.addMark(from, to, link.create({ href }));
    }
    dispatch(tr.scrollIntoView());
    return true;
  };
}

/** The extent of the link around an empty selection, for editing an existing link. */
export function linkRangeAt(state: EditorState): { from: number; to: number; href: string } | null {
  const { $from } = state.selection;
  const link = marks.link!;
  const parent = $from.parent;
  const offset = $from.parentOffset;
  let start = 0;
  let found: { from: number; to: number; href: string } | null = null;
  parent.forEach((child, childOffset) => {
    const end = childOffset + child.nodeSize;
    const mark = link.isInSet(child.marks);
    if (mark && childOffset <= offset && offset <= end && !found) {
      start = childOffset;
      let stop = end;
      // Extend across neighbouring text nodes carrying the same link (e.g. part bold).
      parent.forEach((next, nextOffset) => {
        if (nextOffset === stop && link.isInSet(next.marks)?.eq(mark)) stop = nextOffset + next.nodeSize;
      });
      found = { from: $from.start() + start, to: $from.start() + stop, href: mark.attrs.href as string };
    }
  });
  return found;
}

export function currentLinkHref(state: EditorState): string {
  const { from, to, empty } = state.selection;
  if (empty) return linkRangeAt(state)?.href ?? '';
  let href = '';
  state.doc.nodesBetween(from, to, (node) => {
    const mark = marks.link!.isInSet(node.marks);
    if (mark && !href) href = mark.attrs.href as string;
  });
  return href;
}
