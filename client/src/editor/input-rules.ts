/**
 * Markdown-style shortcuts while typing: "# " to "#### " headings, "- " / "* " bullets,
 * "1. " numbers, "[ ] " / "[x] " tasks, "> " quotes and three backticks for a code block.
 */
import { InputRule, inputRules, textblockTypeInputRule, wrappingInputRule } from 'prosemirror-inputrules';
import type { Plugin } from 'prosemirror-state';
import { findWrapping } from 'prosemirror-transform';
import { schema } from '@stafette/schema';

const { nodes } = schema;

/** "[ ] " or "[x] " at the start of a block wraps it in a task list (checked for "x"). */
const taskListRule = new InputRule(/^\s*\[( |x|X)\]\s$/, (state, match, start, end) => {
  const checked = match[1] !== ' ';
  const tr = state.tr.delete(start, end);
  const range = tr.doc.resolve(start).blockRange();
  const wrapping = range && findWrapping(range, nodes.task_list!);
  if (!range || !wrapping) return null;
  tr.wrap(
    range,
    wrapping.map((wrapper) => (wrapper.type === nodes.task_item ? { type: wrapper.type, attrs: { checked } } : wrapper)),
  );
  return tr;
});

/** Three backticks turn the (empty) block into a code block at once, without waiting for a space. */
const codeFenceRule = new InputRule(/^```$/, (state, _match, start, end) => {
  const $start = state.doc.resolve(start);
  if (!$start.node(-1).canReplaceWith($start.index(-1), $start.indexAfter(-1), nodes.code_block!)) return null;
  return state.tr.delete(start, end).setBlockType(start, start, nodes.code_block!);
});

export function buildInputRules(): Plugin {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^(#{1,4})\s$/, nodes.heading!, (match) => ({ level: match[1]!.length })),
      wrappingInputRule(/^\s*>\s$/, nodes.blockquote!),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list!),
      wrappingInputRule(
        /^\s*(\d+)\.\s$/,
        nodes.ordered_list!,
        (match) => ({ order: Number(match[1]) }),
        (match, node) => node.childCount + (node.attrs.order as number) === Number(match[1]),
      ),
      taskListRule,
      codeFenceRule,
    ],
  });
}
