import * as Y from 'yjs';
import { type DocLinks, docToHeadings, docToLinks, docToText, type HeadingInfo, type PMNodeJSON, yDocToJSON } from '@stafette/schema';

/** What the page row and the link tables hold about a page body. */
export interface DerivedContent {
  doc: PMNodeJSON;
  text: string;
  headings: HeadingInfo[];
  /** Targets as found in the document; `storedLinks` keeps the ones that can be stored. */
  links: DocLinks;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Text, headings and links of a body. Tolerant: unknown nodes contribute their children. */
export function deriveContent(doc: PMNodeJSON): DerivedContent {
  return { doc, text: docToText(doc), headings: docToHeadings(doc), links: docToLinks(doc) };
}

/**
 * The derived content of a Y.Doc's body, read with the schema-free converter: reading never
 * changes the document or emits an update.
 */
export function deriveFromYDoc(ydoc: Y.Doc): DerivedContent {
  return deriveContent(yDocToJSON(ydoc));
}

/**
 * The links that fit the link tables: page and process ids are UUIDs (anything else in a
 * document points nowhere), a page linking to itself is no backlink.
 */
export function storedLinks(pageId: string, links: DocLinks): { pageIds: string[]; steps: DocLinks['steps'] } {
  const pageIds = links.pageIds.filter((id) => UUID.test(id) && id.toLowerCase() !== pageId.toLowerCase()).map((id) => id.toLowerCase());
  const seen = new Set<string>();
  const steps = links.steps.filter((s) => {
    if (!UUID.test(s.processId) || s.elementId.length > 500) return false;
    const key = `${s.processId.toLowerCase()} ${s.elementId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { pageIds: [...new Set(pageIds)], steps: steps.map((s) => ({ processId: s.processId.toLowerCase(), elementId: s.elementId })) };
}

/** The body of a page that has none yet (what an editor shows for a new page). */
export function emptyDoc(): PMNodeJSON {
  return { type: 'doc', content: [{ type: 'paragraph' }] };
}
