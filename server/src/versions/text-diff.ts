import { diffLines, diffWordsWithSpace, formatPatch, type StructuredPatchHunk } from 'diff';

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
  /**
   * A bound cut the detail: some changed paragraphs lack word marks, or (past the line budget)
   * everything between the first and the last changed line shows as replaced. Still correct.
   */
  coarse: boolean;
}

/**
 * Bounds of one diff. Myers' algorithm costs (n + m) × d: two different 8,000-word paragraphs
 * took 22 s of word diff, so every step has an edit, length and time bound and falls back to
 * a coarser, still correct answer.
 */
export interface DiffLimits {
  /** Whole computation; the line diff gets most of it, word diffs what is left. */
  budgetMs: number;
  /** Line diff: more changed lines than this count as one replaced block. */
  maxLineEdits: number;
  /** A changed paragraph longer than this (after the common start and end) gets no word marks. */
  maxWordDiffChars: number;
  /** Word diff of one paragraph: more changed words and spaces than this, no word marks. */
  maxWordEdits: number;
}

export const DEFAULT_DIFF_LIMITS: DiffLimits = { budgetMs: 3000, maxLineEdits: 20_000, maxWordDiffChars: 20_000, maxWordEdits: 1000 };

/** Unified diffs show three lines of context, as `diff -u` does. */
const CONTEXT = 3;

interface LinePart {
  op: DiffOp;
  lines: string[];
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The fallback past the line budget, linear in the input: equal lines at the start and end
 * kept, everything between them replaced.
 */
function replacedBlock(a: string[], b: string[]): LinePart[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const parts: LinePart[] = [
    { op: 'equal', lines: a.slice(0, start) },
    { op: 'delete', lines: a.slice(start, a.length - end) },
    { op: 'insert', lines: b.slice(start, b.length - end) },
    { op: 'equal', lines: a.slice(a.length - end) },
  ];
  return parts.filter((p) => p.lines.length > 0);
}

function lineParts(a: string, b: string, limits: DiffLimits, timeout: number): LinePart[] | null {
  const parts = diffLines(a, b, { timeout, maxEditLength: limits.maxLineEdits });
  if (!parts) return null;
  return parts.map((p) => ({ op: p.added ? 'insert' : p.removed ? 'delete' : 'equal', lines: splitLines(p.value) }));
}

/** Where the common start ends, moved back to a space so no word is split. */
function commonStart(a: string, b: string): number {
  let i = 0;
  const max = Math.min(a.length, b.length);
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return i;
  while (i > 0 && !/\s/.test(a[i - 1]!)) i--;
  return i;
}

/** How many characters at the end are common (after `start`), moved forward to a space. */
function commonEnd(a: string, b: string, start: number): number {
  let n = 0;
  const max = Math.min(a.length, b.length) - start;
  while (n < max && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  while (n > 0 && !/\s/.test(a[a.length - n]!)) n--;
  return n;
}

/**
 * Word marks for a paragraph and its replacement, or null when a bound is hit. Only the part
 * between the common start and end is diffed, so one changed word in a long paragraph is cheap.
 */
function wordChanges(before: string, after: string, limits: DiffLimits, timeout: number): { removed: DiffWord[]; inserted: DiffWord[] } | null {
  const start = commonStart(before, after);
  const end = commonEnd(before, after, start);
  const midBefore = before.slice(start, before.length - end);
  const midAfter = after.slice(start, after.length - end);
  if (midBefore.length + midAfter.length > limits.maxWordDiffChars) return null;
  const parts = diffWordsWithSpace(midBefore, midAfter, { timeout, maxEditLength: limits.maxWordEdits });
  if (!parts) return null;
  const head: DiffWord[] = start > 0 ? [{ op: 'equal', text: before.slice(0, start) }] : [];
  const tail: DiffWord[] = end > 0 ? [{ op: 'equal', text: before.slice(before.length - end) }] : [];
  const removed = parts.filter((w) => !w.added).map((w): DiffWord => ({ op: w.removed ? 'delete' : 'equal', text: w.value }));
  const inserted = parts.filter((w) => !w.removed).map((w): DiffWord => ({ op: w.added ? 'insert' : 'equal', text: w.value }));
  return { removed: [...head, ...removed, ...tail], inserted: [...head, ...inserted, ...tail] };
}

/**
 * Hunks with three lines of context, built from the parts already computed (as jsdiff's
 * structuredPatch builds them from its own line diff) so the lines are not diffed twice.
 */
function hunks(parts: LinePart[]): StructuredPatchHunk[] {
  const result: StructuredPatchHunk[] = [];
  let current: StructuredPatchHunk | null = null;
  let oldLine = 1;
  let newLine = 1;
  parts.forEach((part, i) => {
    if (part.op !== 'equal') {
      if (!current) {
        const context = i > 0 ? parts[i - 1]!.lines.slice(-CONTEXT) : [];
        current = { oldStart: oldLine - context.length, oldLines: context.length, newStart: newLine - context.length, newLines: context.length, lines: context.map((l) => ` ${l}`) };
      }
      const sign = part.op === 'insert' ? '+' : '-';
      for (const line of part.lines) current.lines.push(sign + line);
      if (part.op === 'insert') {
        current.newLines += part.lines.length;
        newLine += part.lines.length;
      } else {
        current.oldLines += part.lines.length;
        oldLine += part.lines.length;
      }
      return;
    }
    if (current) {
      // Short runs of equal lines between two changes join them into one hunk.
      const joins = part.lines.length <= CONTEXT * 2 && i < parts.length - 1;
      const context = joins ? part.lines : part.lines.slice(0, CONTEXT);
      for (const line of context) current.lines.push(` ${line}`);
      current.oldLines += context.length;
      current.newLines += context.length;
      if (!joins) {
        result.push(current);
        current = null;
      }
    }
    oldLine += part.lines.length;
    newLine += part.lines.length;
  });
  if (current) result.push(current);
  return result;
}

/**
 * A readable diff of two plain texts (one line per paragraph, heading or cell, as `docToText`
 * writes them): lines kept, removed and added, and for each removed line directly replaced by
 * an added one the words that changed. Bounded by `limits` (see DiffLimits); synchronous, so
 * the server runs it off the event loop (diff-pool.ts).
 */
export function textDiff(before: string, after: string, names: { before: string; after: string }, limits: DiffLimits = DEFAULT_DIFF_LIMITS): TextDiff {
  const deadline = performance.now() + limits.budgetMs;
  const a = withFinalNewline(before);
  const b = withFinalNewline(after);
  const parts = lineParts(a, b, limits, Math.max(1, Math.floor(limits.budgetMs * 0.6)));
  if (!parts) return fromParts(replacedBlock(splitLines(a), splitLines(b)), names, null);
  return fromParts(parts, names, { limits, deadline });
}

/**
 * The answer when no worker could compute a diff in time: linear in the input, no line or
 * word diff, everything between the first and last changed line shown as replaced.
 */
export function coarseTextDiff(before: string, after: string, names: { before: string; after: string }): TextDiff {
  return fromParts(replacedBlock(splitLines(withFinalNewline(before)), splitLines(withFinalNewline(after))), names, null);
}

function withFinalNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}

/** Lines, counts and unified diff from line parts; word marks only while `words` has time left. */
function fromParts(parts: LinePart[], names: { before: string; after: string }, words: { limits: DiffLimits; deadline: number } | null): TextDiff {
  let coarse = words === null && parts.some((p) => p.op !== 'equal');
  const lines: DiffLine[] = [];
  let added = 0;
  let removed = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.op === 'equal') {
      for (const text of part.lines) lines.push({ op: 'equal', text });
      continue;
    }
    if (part.op === 'delete') {
      const gone = part.lines;
      removed += gone.length;
      const next = parts[i + 1];
      const replacement = next?.op === 'insert' ? next.lines : [];
      if (next?.op === 'insert') {
        added += replacement.length;
        i += 1;
      }
      // Pair removed and added lines in order: those pairs are edits of one paragraph.
      const paired = Math.min(gone.length, replacement.length);
      const wordsOf: ({ removed: DiffWord[]; inserted: DiffWord[] } | null)[] = [];
      for (let k = 0; k < paired; k++) {
        const left = words ? words.deadline - performance.now() : 0;
        const changes = words && left > 0 ? wordChanges(gone[k]!, replacement[k]!, words.limits, Math.ceil(left)) : null;
        if (!changes) coarse = true;
        wordsOf.push(changes);
      }
      gone.forEach((text, k) => {
        const changes = wordsOf[k];
        lines.push(changes ? { op: 'delete', text, words: changes.removed } : { op: 'delete', text });
      });
      replacement.forEach((text, k) => {
        const changes = wordsOf[k];
        lines.push(changes ? { op: 'insert', text, words: changes.inserted } : { op: 'insert', text });
      });
      continue;
    }
    added += part.lines.length;
    for (const text of part.lines) lines.push({ op: 'insert', text });
  }

  const unified = formatPatch({ oldFileName: names.before, newFileName: names.after, oldHeader: undefined, newHeader: undefined, hunks: hunks(parts) });
  return { identical: added === 0 && removed === 0, added, removed, lines, unified, coarse };
}
