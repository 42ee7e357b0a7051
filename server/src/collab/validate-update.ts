import * as Y from 'yjs';
import type { DocumentKind } from './document-kind.ts';

/**
 * Checks an incoming Yjs update before it is stored, applied or relayed. Yjs itself accepts
 * almost anything: random bytes may decode as valid structs, write into arbitrary top-level
 * types, or reference changes the server never saw (they would stay pending forever and a
 * snapshot would keep them). An update passes only when
 * - it decodes,
 * - every struct continues a client's history without a gap from what the server knows,
 * - every reference (origin, right origin, parent, deletion) points at a known change,
 * - it writes only into top-level types the document kind allows, without sub-documents and
 *   with only XML element/text types nested (what y-prosemirror writes).
 *
 * `known` is the state vector of the document plus the updates accepted but not yet
 * committed, so a client's second update may build on its first before the first is durable.
 */
export type UpdateVerdict =
  | {
      ok: true;
      /** Clocks this update extends, to merge into `known` once accepted. */
      advances: Map<number, number>;
      /** False when everything in it is already known (nothing to store). */
      changes: boolean;
    }
  | {
      ok: false;
      reason: string;
      /**
       * Valid by itself but builds on changes the server does not have yet. A client may send
       * an edit right after reconnecting, before its sync step 2 brings what it builds on.
       */
      missing?: boolean;
    };

const fail = (reason: string): UpdateVerdict => ({ ok: false, reason });
const missing = (reason: string): UpdateVerdict => ({ ok: false, reason, missing: true });

export function checkUpdate(update: Uint8Array, known: ReadonlyMap<number, number>, kind: Pick<DocumentKind, 'allowsRoot'>): UpdateVerdict {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return fail('update does not decode');
  }
  const advances = new Map<number, number>();

  // Structs arrive grouped by client in clock order; each must start within what is known.
  for (const struct of decoded.structs) {
    const have = stateOf(struct.id.client, advances, known);
    if (struct.id.clock > have) return missing('update depends on changes the server does not have');
    if (struct instanceof Y.Skip) continue;
    const end = struct.id.clock + struct.length;
    if (end > have) advances.set(struct.id.client, end);
  }

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.origin && !isKnown(struct.origin, advances, known)) return missing('update references an unknown change');
    if (struct.rightOrigin && !isKnown(struct.rightOrigin, advances, known)) return missing('update references an unknown change');
    const parent = struct.parent as unknown;
    if (typeof parent === 'string') {
      if (!kind.allowsRoot(parent)) return fail(`update writes outside the document content (into "${parent.slice(0, 100)}")`);
      if (struct.parentSub !== null) return fail('update writes a key into the document body');
    } else if (parent instanceof Y.ID) {
      if (!isKnown(parent, advances, known)) return missing('update references an unknown change');
    }
    const content = struct.content;
    if (content instanceof Y.ContentDoc) return fail('sub-documents are not allowed');
    if (content instanceof Y.ContentType && !(content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)) {
      return fail('only XML elements and text may be nested in the document');
    }
  }

  let deletes = false;
  for (const [client, deletions] of decoded.ds.clients) {
    const have = stateOf(client, advances, known);
    for (const d of deletions) {
      if (d.clock + d.len > have) return missing('update deletes changes the server does not have');
      if (d.len > 0) deletes = true;
    }
  }
  return { ok: true, advances, changes: advances.size > 0 || deletes };
}

// Module functions, not closures inside checkUpdate: it runs for every incoming edit.
function stateOf(client: number, advances: ReadonlyMap<number, number>, known: ReadonlyMap<number, number>): number {
  return advances.get(client) ?? known.get(client) ?? 0;
}

function isKnown(id: Y.ID, advances: ReadonlyMap<number, number>, known: ReadonlyMap<number, number>): boolean {
  return id.clock < stateOf(id.client, advances, known);
}

/** The state vector of a document as a map (the form `checkUpdate` reads). */
export function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}
