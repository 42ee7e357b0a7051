import { BPMN_MODEL_NS } from './namespaces.ts';
import { readAttributes, tagEnd } from './tokenizer.ts';

/**
 * Step → page links in an exported BPMN file. Each linked step gets
 *
 * - `<bpmn:extensionElements><stafette:pages xmlns:stafette="urn:stafette:bpmn:links:1">`
 *   `<stafette:page page="<uuid>" title="…" href="…"/></stafette:pages>` — read back on import
 *   (the page ids), so a re-imported export keeps its links;
 * - `<bpmn:documentation id="stafette_links_<n>" textFormat="text/plain">` listing the pages with
 *   their addresses, for people and tools that show documentation. On import it is not taken
 *   as the step's documentation.
 *
 * Links from an earlier export in the same file are replaced, never repeated.
 */
export const STAFETTE_LINKS_NS = 'urn:stafette:bpmn:links:1';
export const LINK_DOCUMENTATION_PREFIX = 'stafette_links_';

export interface StepLink {
  pageId: string;
  title: string;
  /** Absolute address of the page in the wiki. */
  href: string;
}

interface Frame {
  ns: Map<string, string>;
  prefix: string;
  local: string;
  uri: string | undefined;
  /** Links to write into this element (a linked step). */
  links?: StepLink[];
  /** For a linked step: where its direct child extensionElements opens (after `>`), and where its last documentation ends. */
  extensionInside?: number;
  afterDocumentation?: number;
  /** Removing this element (an earlier export's links) from this position. */
  removeFrom?: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The XML with the given links written into their steps (by element id as written). Linear in the size of the file. */
export function writeStepLinks(xml: string, links: ReadonlyMap<string, StepLink[]>): string {
  const edits: Edit[] = [];
  const stack: Frame[] = [];
  let documentationCount = 0;
  let removing = 0; // depth inside an element being removed
  let pos = 0;
  const length = xml.length;

  for (;;) {
    const open = xml.indexOf('<', pos);
    if (open === -1) break;
    const next = xml.charCodeAt(open + 1);
    if (next === 0x3f || (next === 0x21 && xml.startsWith('<!--', open))) {
      pos = skip(xml, next === 0x3f ? '?>' : '-->', open + 2);
      continue;
    }
    if (next === 0x21) {
      pos = skip(xml, ']]>', open + 9);
      continue;
    }
    if (next === 0x2f) {
      const end = xml.indexOf('>', open);
      if (end === -1) break;
      const frame = stack.pop();
      pos = end + 1;
      if (!frame) continue;
      if (removing > 0) {
        removing--;
        if (frame.removeFrom !== undefined) edits.push({ start: frame.removeFrom, end: pos, text: '' });
        continue;
      }
      const parent = stack[stack.length - 1];
      if (parent?.links && frame.uri === BPMN_MODEL_NS && frame.local === 'documentation') parent.afterDocumentation = pos;
      if (frame.links) writeInto(frame, open, frame.extensionInside);
      continue;
    }

    const end = tagEnd(xml, open + 1);
    if (end === -1) break;
    const selfClosing = xml.charCodeAt(end - 1) === 0x2f;
    const qname = /^<([^\s/>]+)/.exec(xml.slice(open, Math.min(end + 1, open + 300)))?.[1] ?? '';
    const attributes = new Map(readAttributes(xml, open + 1 + qname.length, selfClosing ? end - 1 : end).map((a) => [a.name, a.value]));
    const parent = stack[stack.length - 1];
    let ns = parent?.ns ?? new Map<string, string>();
    for (const [name, value] of attributes) {
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (ns === parent?.ns) ns = new Map(ns);
        ns.set(name === 'xmlns' ? '' : name.slice(6), value);
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon === -1 ? '' : qname.slice(0, colon);
    const frame: Frame = { ns, prefix, local: qname.slice(colon + 1), uri: ns.get(prefix) };
    pos = end + 1;

    if (removing > 0) {
      if (!selfClosing) {
        removing++;
        stack.push(frame);
      }
      continue;
    }
    const earlierLinks =
      frame.uri === STAFETTE_LINKS_NS ||
      (frame.uri === BPMN_MODEL_NS && frame.local === 'documentation' && (attributes.get('id') ?? '').startsWith(LINK_DOCUMENTATION_PREFIX));
    if (earlierLinks) {
      if (selfClosing) edits.push({ start: open, end: pos, text: '' });
      else {
        frame.removeFrom = open;
        removing = 1;
        stack.push(frame);
      }
      continue;
    }
    if (parent?.links && frame.uri === BPMN_MODEL_NS && frame.local === 'extensionElements') {
      if (selfClosing) {
        // <extensionElements/>: opened up to take the links.
        edits.push({ start: open, end: pos, text: `<${qname}>${pagesElement(parent.links)}</${qname}>` });
        parent.extensionInside = -1;
      } else {
        parent.extensionInside = pos;
      }
    }
    const id = attributes.get('id');
    const stepLinks = frame.uri === BPMN_MODEL_NS && id !== undefined ? links.get(id) : undefined;
    if (stepLinks && stepLinks.length > 0) {
      frame.links = stepLinks;
      if (selfClosing) {
        const body = documentationElement(prefix, stepLinks) + extensionElement(prefix, stepLinks);
        edits.push({ start: end - 1, end: pos, text: `>${body}</${qname}>` });
        continue;
      }
      edits.push({ start: pos, end: pos, text: documentationElement(prefix, stepLinks) });
      frame.afterDocumentation = pos;
    }
    if (!selfClosing) stack.push(frame);
  }

  function writeInto(frame: Frame, _closeAt: number, extensionInside: number | undefined): void {
    const links = frame.links!;
    if (extensionInside === -1) return;
    if (extensionInside !== undefined) edits.push({ start: extensionInside, end: extensionInside, text: pagesElement(links) });
    else edits.push({ start: frame.afterDocumentation!, end: frame.afterDocumentation!, text: extensionElement(frame.prefix, links) });
  }

  function documentationElement(prefix: string, stepLinks: StepLink[]): string {
    const p = prefix ? `${prefix}:` : '';
    const lines = stepLinks.map((l) => `${l.title} – ${l.href}`).join('\n');
    return `<${p}documentation id="${LINK_DOCUMENTATION_PREFIX}${++documentationCount}" textFormat="text/plain">${escapeText(`Wissen in Stafette:\n${lines}`)}</${p}documentation>`;
  }

  function extensionElement(prefix: string, stepLinks: StepLink[]): string {
    const p = prefix ? `${prefix}:` : '';
    return `<${p}extensionElements>${pagesElement(stepLinks)}</${p}extensionElements>`;
  }

  // Insertions before a removal at the same place; otherwise in the order made (documentation before extension).
  const ordered = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start) || a.i - b.i);
  let out = '';
  let at = 0;
  for (const edit of ordered) {
    if (edit.start < at) continue;
    out += xml.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + xml.slice(at, length);
}

function pagesElement(links: StepLink[]): string {
  const pages = links
    .map((l) => `<stafette:page page="${escapeAttribute(l.pageId)}" title="${escapeAttribute(l.title)}" href="${escapeAttribute(l.href)}"/>`)
    .join('');
  return `<stafette:pages xmlns:stafette="${STAFETTE_LINKS_NS}">${pages}</stafette:pages>`;
}

function skip(xml: string, terminator: string, from: number): number {
  const at = xml.indexOf(terminator, from);
  return at === -1 ? xml.length : at + terminator.length;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

// Line breaks as character references: the file keeps its line numbers (warnings point into it).
function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\n/g, '&#10;');
}
