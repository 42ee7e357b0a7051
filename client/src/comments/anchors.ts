/**
 * Anchors of inline comments: the selection's two ends as Yjs relative positions into the
 * page's `prosemirror` XmlFragment, encoded (base64) and stored with the comment on the server.
 * They follow concurrent edits: text typed before the selection moves the anchor, text typed
 * inside it widens it. When the anchored text is deleted both ends meet (or leave the
 * document): the comment shows "Text entfernt" with the text it quoted.
 *
 * y-prosemirror's helpers translate between ProseMirror positions and relative positions
 * through the binding's mapping (the editor's `ySyncPluginKey` state, or `initProseMirrorDoc`
 * outside an editor).
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror';
import type { CommentAnchor } from '@stafette/api';

/** y-prosemirror's ProseMirror mapping (Y type → node), as its helpers take it. */
export type ProsemirrorMapping = Parameters<typeof absolutePositionToRelativePosition>[2];

export function anchorFromSelection(fragment: Y.XmlFragment, mapping: ProsemirrorMapping, from: number, to: number, quote: string): CommentAnchor {
  const encode = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, fragment, mapping)));
  return { from: encode(from), to: encode(to), quote };
}

/** Where the anchor is now, or null when its text is gone ("Text entfernt"). */
export function resolveAnchor(ydoc: Y.Doc, fragment: Y.XmlFragment, mapping: ProsemirrorMapping, anchor: CommentAnchor): { from: number; to: number } | null {
  try {
    const decode = (b64: string) => relativePositionToAbsolutePosition(ydoc, fragment, Y.decodeRelativePosition(fromBase64(b64)), mapping);
    const from = decode(anchor.from);
    const to = decode(anchor.to);
    if (from === null || to === null || to <= from) return null;
    return { from, to };
  } catch {
    // An anchor that does not decode (written by a broken client) points nowhere.
    return null;
  }
}
