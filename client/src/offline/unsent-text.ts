/** Readable forms of edits that did not reach the server, for the user to keep. */
import * as Y from 'yjs';
import { docToMarkdown, yDocToJSON } from '@stafette/schema';
import { downloadBlob } from '../ui/download.ts';

/** The characters typed in an update (its inserted strings, in order), trimmed. */
export function insertedText(update: Uint8Array): string {
  const parts: string[] = [];
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentString) parts.push(struct.content.str);
  }
  return parts.join('').trim();
}

/** The whole local document as Markdown (what this device shows, refused edits included). */
export function localMarkdown(ydoc: Y.Doc): string {
  try {
    return docToMarkdown(yDocToJSON(ydoc));
  } catch {
    // Content outside the page schema: plain text still keeps the words.
    return ydoc.getXmlFragment('prosemirror').toString().replace(/<[^>]+>/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  }
}

/** Offers text as a file download without a server round trip. */
export function downloadText(fileName: string, text: string, type = 'text/markdown;charset=utf-8'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}
