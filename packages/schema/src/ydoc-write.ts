/**
 * Writing PM JSON into Yjs: a fresh document (import, seed) or an edit of a live one (restore
 * of a version, server-side rewrite) that connected editors receive like any other change.
 */
import * as Y from 'yjs';
import { prosemirrorToYDoc, updateYFragment } from 'y-prosemirror';
import { PROSEMIRROR_FRAGMENT } from './fragment.ts';
import { parseDocJSON } from './validate.ts';

/** A new Y.Doc whose body is `json`. Throws `InvalidDocumentError` for invalid JSON. */
export function jsonToYDoc(json: unknown, fragmentName: string = PROSEMIRROR_FRAGMENT): Y.Doc {
  return prosemirrorToYDoc(parseDocJSON(json), fragmentName);
}

/** The full-state Yjs update of a new document whose body is `json`. */
export function jsonToYUpdate(json: unknown, fragmentName: string = PROSEMIRROR_FRAGMENT): Uint8Array {
  const ydoc = jsonToYDoc(json, fragmentName);
  try {
    return Y.encodeStateAsUpdate(ydoc);
  } finally {
    ydoc.destroy();
  }
}

/**
 * Replaces the body of `ydoc` with `json` as one ordinary Yjs transaction (with `origin`), so
 * connected editors see the change live and history is kept. Unchanged leading and trailing
 * blocks are left in place, as y-prosemirror does for editor changes. Validates first: an
 * invalid document throws `InvalidDocumentError` and leaves `ydoc` untouched.
 */
export function replaceDocContent(
  ydoc: Y.Doc,
  json: unknown,
  origin: unknown = null,
  fragmentName: string = PROSEMIRROR_FRAGMENT,
): void {
  const node = parseDocJSON(json);
  const fragment = ydoc.getXmlFragment(fragmentName);
  ydoc.transact(() => {
    updateYFragment(ydoc, fragment, node, { mapping: new Map(), isOMark: new Map() });
  }, origin);
}
