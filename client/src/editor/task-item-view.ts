/**
 * Node view of a task item: a real checkbox (keyboard and screen reader friendly) in front of
 * the item's content. Toggling it is an ordinary edit, so it syncs like typing does; readers
 * see the checkbox disabled.
 */
import type { Node } from 'prosemirror-model';
import type { EditorView, NodeView, ViewMutationRecord } from 'prosemirror-view';

export function taskItemView(label: () => string) {
  return (node: Node, view: EditorView, getPos: () => number | undefined): NodeView => {
    const dom = document.createElement('li');
    dom.dataset.type = 'task_item';
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.className = 'task-checkbox';
    box.contentEditable = 'false';
    box.setAttribute('aria-label', label());
    const content = document.createElement('div');
    content.className = 'task-content';
    dom.append(box, content);

    const render = (current: Node) => {
      box.checked = current.attrs.checked === true;
      dom.dataset.checked = String(current.attrs.checked === true);
      box.disabled = !view.editable;
    };
    render(node);

    box.addEventListener('mousedown', (event) => event.preventDefault());
    box.addEventListener('change', () => {
      const pos = getPos();
      if (pos === undefined || !view.editable) {
        box.checked = node.attrs.checked === true;
        return;
      }
      view.dispatch(view.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, checked: box.checked }));
    });

    return {
      dom,
      contentDOM: content,
      update(next) {
        if (next.type !== node.type) return false;
        node = next;
        render(next);
        return true;
      },
      ignoreMutation(mutation: ViewMutationRecord) {
        return mutation.type !== 'selection' && !content.contains(mutation.target);
      },
      stopEvent(event) {
        return event.target === box;
      },
    };
  };
}
