/** ProseMirror's JSON form of a mark (`Mark.toJSON()`). */
export interface PMMarkJSON {
  type: string;
  attrs?: Record<string, unknown>;
}

/** ProseMirror's JSON form of a node (`Node.toJSON()`); the root of a page body has type `doc`. */
export interface PMNodeJSON {
  type: string;
  attrs?: Record<string, unknown>;
  content?: PMNodeJSON[];
  marks?: PMMarkJSON[];
  text?: string;
}
