import { createTwoFilesPatch, diffLines, diffWordsWithSpace } from 'diff';

export type DiffOp = 'equal' | 'insert' | 'delete';

export interface DiffWord {
  op: DiffOp;
  text: string;
}

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** For a changed line (a deleted line followed by its replacement): which words changed. */
  words?: DiffWord[];
}

export interface TextDiff {
  identical: boolean;
  added: number;
  removed: number;
  lines: DiffLine[];
  /** The same as a unified diff (three lines of context). */
  unified: string;
}

/** Longest time the line diff may take; past it the texts count as replaced as a whole. */
const DIFF_TIMEOUT_MS = 2000;

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * A readable diff of two plain texts (one line per paragraph, heading or cell, as `docToText`
 * writes them): lines kept, removed and added, and for each removed line directly replaced by
 * an added one the words that changed.
 */
export function textDiff(before: string, after: string, names: { before: string; after: string }): TextDiff {
  const a = before.endsWith('\n') || before === '' ? before : `${before}\n`;
  const b = after.endsWith('\n') || after === '' ? after : `${after}\n`;
  const parts = diffLines(a, b, { timeout: DIFF_TIMEOUT_MS }) ?? [
    { value: a, removed: true, added: false, count: splitLines(a).length },
    { value: b, added: true, removed: false, count: splitLines(b).length },
  ];

  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!part.added && !part.removed) {
      for (const text of splitLines(part.value)) lines.push({ op: 'equal', text });
      continue;
    }
    if (part.removed) {
      const gone = splitLines(part.value);
      removed += gone.length;
      const next = parts[i + 1];
      const replacement = next?.added ? splitLines(next.value) : [];
      if (next?.added) {
        added += replacement.length;
        i += 1;
      }
      // Pair removed and added lines in order: those pairs are edits of one paragraph.
      const paired = Math.min(gone.length, replacement.length);
      const wordsOf = gone.slice(0, paired).map((line, k) => diffWordsWithSpace(line, replacement[k]!));
      gone.forEach((text, k) => {
        const words = wordsOf[k];
        lines.push(words ? { op: 'delete', text, words: words.filter((w) => !w.added).map((w) => ({ op: w.removed ? 'delete' : 'equal', text: w.value })) } : { op: 'delete', text });
      });
      replacement.forEach((text, k) => {
        const words = wordsOf[k];
        lines.push(words ? { op: 'insert', text, words: words.filter((w) => !w.removed).map((w) => ({ op: w.added ? 'insert' : 'equal', text: w.value })) } : { op: 'insert', text });
      });
      continue;
    }
    const fresh = splitLines(part.value);
    added += fresh.length;
    for (const text of fresh) lines.push({ op: 'insert', text });
  }

  const unified = createTwoFilesPatch(names.before, names.after, a, b, undefined, undefined, { context: 3, timeout: DIFF_TIMEOUT_MS }) ?? '';
  return { identical: added === 0 && removed === 0, added, removed, lines, unified };
}
