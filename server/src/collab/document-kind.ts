/**
 * What a collaborative document may contain at its top level. Pages keep their body in the
 * XmlFragment `prosemirror` (y-prosemirror's default); other kinds (interview answers, one
 * fragment per question) bring their own rule.
 */
export interface DocumentKind {
  name: string;
  /** Whether updates may write into the top-level shared type called `name`. */
  allowsRoot(name: string): boolean;
}

export const PAGE_BODY = 'prosemirror';

export const pageDocument: DocumentKind = {
  name: 'page',
  allowsRoot: (name) => name === PAGE_BODY,
};
