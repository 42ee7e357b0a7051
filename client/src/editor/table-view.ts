/**
 * prosemirror-tables' table view, whose wrapper scrolls a wide table sideways on a narrow
 * screen. In a read-only editor the wrapper takes keyboard focus so arrow keys can scroll it
 * (WCAG 2.1.1). An editable one stays unfocusable: a focusable element between a cell and the
 * editing host would take the focus from ProseMirror on every click; there the caret moving
 * through the cells scrolls the table.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { TableView } from 'prosemirror-tables';
import type { EditorView } from 'prosemirror-view';

export class ScrollableTableView extends TableView {
  constructor(node: PMNode, cellMinWidth: number, view: EditorView) {
    super(node, cellMinWidth);
    if (!view.editable) this.dom.tabIndex = 0;
  }
}
