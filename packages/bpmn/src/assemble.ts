import { escapeText, isBlank, tagEnd } from './tokenizer.ts';

/**
 * Writes the text the parser gets from the user's file and the changes the pre-pass decided:
 * replacements (blanked tags, stand-in ids, added ids) and moves (flow elements lifted out of a
 * place BPMN does not allow them into their process or sub-process). A moved range is blanked
 * where it was and written again before the closing tag of its target, on one line, so every
 * line of the file keeps its number for the parser's positions.
 */

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface Move {
  start: number;
  /** After the element's end tag; -1 until it is read. */
  end: number;
  /** Where the element goes; null when it could not be placed (the file ends inside it: the parser refuses it). */
  target: Target | null;
}

export interface Target {
  /** Position of the container's closing tag (`</bpmn:process>`), or of `</definitions>` for a new process. */
  at: number;
  /** Written around the moved elements: the tags of a new process, empty for an existing container. */
  open: string;
  close: string;
  moves: Move[];
}

type Op =
  | { kind: 0; start: number; end: number; text: string }
  | { kind: 1; start: number; end: number; target: Target }
  | { kind: 2; start: number; end: number; move: Move };

export function assemble(text: string, edits: Edit[], moves: Move[]): string {
  if (moves.length === 0 && edits.length === 0) return text;
  const ops: Op[] = edits.map((e) => ({ kind: 0, start: e.start, end: e.end, text: e.text }));
  const targets = new Set<Target>();
  for (const move of moves) {
    if (move.target === null || move.end < 0) continue;
    ops.push({ kind: 2, start: move.start, end: move.end, move });
    if (!targets.has(move.target)) {
      targets.add(move.target);
      ops.push({ kind: 1, start: move.target.at, end: move.target.at, target: move.target });
    }
  }
  // At one position: insertions first, then a target's content, then ranges.
  const rank = (op: Op) => (op.kind === 0 ? (op.end === op.start ? 0 : 2) : op.kind === 1 ? 1 : 2);
  ops.sort((a, b) => a.start - b.start || rank(a) - rank(b));
  // Where the operations inside each moved range begin.
  const rendered = new Map<Move, number>();
  ops.forEach((op, i) => {
    if (op.kind === 2) rendered.set(op.move, i + 1);
  });

  const render = (from: number, to: number, first: number): string => {
    let out = '';
    let at = from;
    for (let i = first; i < ops.length && ops[i].start < to; i++) {
      const op = ops[i];
      if (op.start < at) continue; // inside a range already replaced
      out += text.slice(at, op.start);
      if (op.kind === 0) {
        out += op.text;
        at = op.end;
      } else if (op.kind === 2) {
        out += text.slice(op.start, op.end).replace(/[^\r\n]/g, ' ');
        at = op.end;
      } else {
        out += op.target.open;
        for (const move of op.target.moves) {
          const next = rendered.get(move);
          if (next !== undefined) out += oneLine(render(move.start, move.end, next));
        }
        out += op.target.close;
        at = op.start;
      }
    }
    return out + text.slice(at, to);
  };
  return render(0, text.length, 0);
}

const NEWLINES = /\r\n?|\n/g;

/**
 * The moved markup without line breaks: in text and attribute values they become character
 * references, between attributes, in comments and processing instructions spaces, and CDATA
 * sections with line breaks become escaped text.
 */
function oneLine(xml: string): string {
  if (!/[\r\n]/.test(xml)) return xml;
  let out = '';
  let pos = 0;
  const length = xml.length;
  while (pos < length) {
    const open = xml.indexOf('<', pos);
    const textEnd = open === -1 ? length : open;
    if (textEnd > pos) {
      const chunk = xml.slice(pos, textEnd);
      out += chunk.replace(NEWLINES, isBlank(xml, pos, textEnd) ? ' ' : '&#10;');
    }
    if (open === -1) break;
    let end: number;
    if (xml.startsWith('<![CDATA[', open)) {
      // A CDATA section cannot hold a character reference: its text is written escaped instead.
      end = closeOf(xml, ']]>', open + 9);
      out += escapeText(xml.slice(open + 9, Math.max(open + 9, end - 3))).replace(NEWLINES, '&#10;');
      pos = end;
      continue;
    } else if (xml.startsWith('<!--', open)) {
      end = closeOf(xml, '-->', open + 4);
    } else if (xml.charCodeAt(open + 1) === 0x3f /* ? */) {
      end = closeOf(xml, '?>', open + 2);
    } else {
      const close = tagEnd(xml, open + 1);
      end = close === -1 ? length : close + 1;
      out += tagOnOneLine(xml.slice(open, end));
      pos = end;
      continue;
    }
    out += xml.slice(open, end).replace(NEWLINES, ' ');
    pos = end;
  }
  return out;
}

/** A tag without line breaks: between attributes spaces, inside values character references (the parser reads the same value). */
function tagOnOneLine(tag: string): string {
  if (!/[\r\n]/.test(tag)) return tag;
  let out = '';
  let quote = 0;
  for (let i = 0; i < tag.length; i++) {
    const c = tag.charCodeAt(i);
    if (c === 0x0d || c === 0x0a) {
      if (c === 0x0d && tag.charCodeAt(i + 1) === 0x0a) i++;
      out += quote === 0 ? ' ' : '&#10;';
      continue;
    }
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    }
    out += tag[i];
  }
  return out;
}

function closeOf(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at === -1 ? xml.length : at + terminator.length;
}
