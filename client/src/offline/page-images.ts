/** The images of a page body that a kept space stores along with the page. */
import type { PMNodeJSON } from '@stafette/schema';

const ATTACHMENT_SRC = /^\/api\/v1\/attachments\/[0-9a-f-]{36}$/;

/** API paths of the attachment images a page body shows (its own uploads; outside images are not fetched). */
export function imagePaths(doc: PMNodeJSON): string[] {
  const found = new Set<string>();
  const walk = (node: PMNodeJSON) => {
    const src = node.attrs?.src;
    if (node.type === 'image' && typeof src === 'string' && ATTACHMENT_SRC.test(src)) found.add(src.slice('/api/v1'.length));
    node.content?.forEach(walk);
  };
  walk(doc);
  return [...found];
}
