/**
 * Clean-up of pasted HTML before the schema's parse rules read it. Web pages and LibreOffice
 * paste real <h1>/<ul>/<table> markup that the schema understands as is; Microsoft Word marks
 * lists as paragraphs with `mso-list` styles, which are rebuilt into <ul>/<ol> here. Images
 * inside pasted markup as `data:`, `blob:` or `file:` URLs point at nothing the wiki can fetch:
 * they are removed and counted so the editor can say so instead of dropping them silently.
 * Pasted or dropped files (a screenshot, a PDF) are uploaded by the uploads plugin (uploads.ts).
 */
import { Plugin } from 'prosemirror-state';

export interface PasteResult {
  html: string;
  droppedImages: number;
}

const WORD_LIST_STYLE = /mso-list:\s*(l\d+)\s+level(\d+)/i;
const ORDERED_MARKER = /^\s*(?:\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]\s*$/;

/** Rewrites pasted HTML (see the module comment); pure, so it can be tested without an editor. */
export function cleanPastedHtml(html: string): PasteResult {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  let droppedImages = 0;
  for (const img of Array.from(doc.querySelectorAll('img'))) {
    const src = (img.getAttribute('src') ?? '').trim().toLowerCase();
    if (src.startsWith('data:') || src.startsWith('blob:') || src.startsWith('file:') || src === '') {
      droppedImages += 1;
      img.remove();
    }
  }
  // Word's VML image fallbacks (v:imagedata) point at local files nobody else can open.
  for (const vml of Array.from(doc.getElementsByTagName('v:imagedata'))) {
    droppedImages += 1;
    vml.remove();
  }
  rebuildWordLists(doc.body);
  return { html: doc.body.innerHTML, droppedImages };
}

function wordListInfo(el: Element): { level: number; ordered: boolean } | null {
  if (el.tagName !== 'P') return null;
  const style = el.getAttribute('style') ?? '';
  const match = WORD_LIST_STYLE.exec(style);
  const isListClass = /MsoListParagraph/i.test(el.getAttribute('class') ?? '');
  if (!match && !isListClass) return null;
  const level = match ? Number(match[2]) : 1;
  // The bullet or number Word shows is in spans styled `mso-list:Ignore`; it becomes the list type.
  const markers = Array.from(el.querySelectorAll('span')).filter((span) => /mso-list:\s*ignore/i.test(span.getAttribute('style') ?? ''));
  const markerText = markers.map((span) => span.textContent ?? '').join('').replace(/\u00a0/g, ' ');
  for (const marker of markers) marker.remove();
  return { level, ordered: ORDERED_MARKER.test(markerText.trim() === '' ? '' : markerText.trim().split(/\s+/)[0]!) };
}

function rebuildWordLists(root: Element): void {
  const children = Array.from(root.children);
  let index = 0;
  while (index < children.length) {
    const first = children[index]!;
    const info = wordListInfo(first);
    if (!info) {
      if (first.children.length) rebuildWordLists(first);
      index += 1;
      continue;
    }
    const run: Array<{ el: Element; level: number; ordered: boolean }> = [{ el: first, ...info }];
    let next = index + 1;
    while (next < children.length) {
      const nextInfo = wordListInfo(children[next]!);
      if (!nextInfo) break;
      run.push({ el: children[next]!, ...nextInfo });
      next += 1;
    }
    const list = buildNestedList(root.ownerDocument, run);
    first.before(list);
    for (const item of run) item.el.remove();
    index = next;
  }
}

function buildNestedList(doc: Document, items: Array<{ el: Element; level: number; ordered: boolean }>): HTMLElement {
  const top = doc.createElement(items[0]!.ordered ? 'ol' : 'ul');
  const stack: Array<{ list: HTMLElement; level: number }> = [{ list: top, level: items[0]!.level }];
  for (const item of items) {
    while (stack.length > 1 && item.level < stack[stack.length - 1]!.level) stack.pop();
    let current = stack[stack.length - 1]!;
    if (item.level > current.level) {
      const parentItem = current.list.lastElementChild ?? current.list.appendChild(doc.createElement('li'));
      const nested = doc.createElement(item.ordered ? 'ol' : 'ul');
      parentItem.appendChild(nested);
      current = { list: nested, level: item.level };
      stack.push(current);
    }
    const li = doc.createElement('li');
    const p = doc.createElement('p');
    p.innerHTML = item.el.innerHTML;
    li.appendChild(p);
    current.list.appendChild(li);
  }
  return top;
}

/** The paste plugin: HTML goes through `cleanPastedHtml`; images it removed are reported. */
export function pastePlugin(onImagesDropped: (count: number) => void): Plugin {
  return new Plugin({
    props: {
      transformPastedHTML(html) {
        const { html: cleaned, droppedImages } = cleanPastedHtml(html);
        if (droppedImages > 0) onImagesDropped(droppedImages);
        return cleaned;
      },
    },
  });
}
