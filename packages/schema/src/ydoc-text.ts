import * as Y from 'yjs';
import { PROSEMIRROR_FRAGMENT } from './fragment.ts';

/**
 * Plain access to the text of a body fragment without ProseMirror, for clients that type into a
 * document directly (collaboration tests, load generators).
 */

/** The text of the fragment's first paragraph, as y-prosemirror writes it; the paragraph is created when missing. */
export function firstParagraphText(doc: Y.Doc, fragmentName = PROSEMIRROR_FRAGMENT): Y.XmlText {
  const fragment = doc.getXmlFragment(fragmentName);
  const first = fragment.get(0);
  if (first instanceof Y.XmlElement && first.get(0) instanceof Y.XmlText) return first.get(0) as Y.XmlText;
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.transact(() => fragment.insert(0, [paragraph]));
  return text;
}

/** Every text node of the fragment in document order, joined by `separator`. */
export function fragmentText(doc: Y.Doc, separator: string, fragmentName = PROSEMIRROR_FRAGMENT): string {
  const out: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText) => {
    if (node instanceof Y.XmlText) out.push(node.toString());
    else node.toArray().forEach((child) => walk(child as Y.XmlElement));
  };
  walk(doc.getXmlFragment(fragmentName));
  return out.join(separator);
}
