/**
 * Bounds on how much document a body from outside may describe. Parsing, validating and writing
 * a body into Yjs cost time in proportion to its nodes and marks, and so does every later load
 * and read of the stored document: a body past these bounds is refused up front instead.
 */
import type { Token } from 'markdown-it';

export interface ComplexityLimits {
  /** Nodes and marks together (a linked word is a text node and a link mark: two). */
  maxElements: number;
  /** Nesting of nodes below `doc` (Markdown is held to markdown-it's own nesting limit). */
  maxDepth: number;
}

/** Thrown when a body is past its `ComplexityLimits`; `message` says which bound and by how much. */
export class ContentTooComplexError extends Error {
  override readonly name = 'ContentTooComplexError';
}

/** The error for a body past `maxElements`. */
export function tooManyElements(limit: number): ContentTooComplexError {
  return new ContentTooComplexError(`The document has more than ${limit.toLocaleString('en')} elements (nodes and marks).`);
}

/**
 * Checks the nodes and marks of PM JSON from outside before anything is built from it; stops
 * counting at the first bound crossed. Anything that is not node-shaped is left to validation.
 */
export function checkDocComplexity(json: unknown, limits: ComplexityLimits): void {
  let elements = 0;
  // An explicit stack: a deeply nested body must not overflow the call stack here.
  const stack: { node: unknown; depth: number }[] = [{ node: json, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limits.maxDepth) {
      throw new ContentTooComplexError(`The document nests deeper than ${limits.maxDepth} levels.`);
    }
    const { content, marks } = node as { content?: unknown; marks?: unknown };
    elements += 1 + (Array.isArray(marks) ? marks.length : 0);
    if (elements > limits.maxElements) throw tooManyElements(limits.maxElements);
    if (Array.isArray(content)) {
      for (const child of content) stack.push({ node: child, depth: depth + 1 });
    }
  }
}

/**
 * Nodes and marks a markdown-it token stream becomes: every opening or self-contained token
 * (closing tokens, inline containers and soft breaks, which join text, make none).
 */
export function countMarkdownElements(tokens: Token[], limit: number): number {
  let elements = 0;
  for (const token of tokens) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.nesting >= 0 && child.type !== 'softbreak') elements++;
      }
    } else if (token.nesting >= 0) {
      elements++;
    }
    if (elements > limit) throw tooManyElements(limit);
  }
  return elements;
}
