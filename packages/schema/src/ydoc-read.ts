/**
 * Reading a page body out of a Y.Doc. Uses y-prosemirror's schema-free converter on purpose:
 * the schema-bound one deletes elements it does not know from the shared document and so
 * emits an update; reading must never change a document.
 */
import * as Y from 'yjs';
import { yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { PROSEMIRROR_FRAGMENT } from './fragment.ts';
import type { PMNodeJSON } from './json.ts';
import { normalizeDocJSON } from './normalize.ts';

/**
 * The page body of `ydoc` as canonical PM JSON. Never modifies `ydoc`; elements and marks the
 * schema does not know are kept as they are (validate before writing them anywhere).
 */
export function yDocToJSON(ydoc: Y.Doc, fragmentName: string = PROSEMIRROR_FRAGMENT): PMNodeJSON {
  const fragment = ydoc.getXmlFragment(fragmentName);
  const json = yXmlFragmentToProsemirrorJSON(fragment) as PMNodeJSON;
  return normalizeDocJSON(json);
}

/** The page body stored in a Yjs update (a snapshot or a merged log) as canonical PM JSON. */
export function yUpdateToJSON(update: Uint8Array, fragmentName: string = PROSEMIRROR_FRAGMENT): PMNodeJSON {
  const ydoc = new Y.Doc();
  try {
    Y.applyUpdate(ydoc, update);
    return yDocToJSON(ydoc, fragmentName);
  } finally {
    ydoc.destroy();
  }
}
