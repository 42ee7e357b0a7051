import { parsePageHref, parseStepHref, type PMMarkJSON, type PMNodeJSON } from '@stafette/schema';
import { attachmentOf, isPublicImage, type PublicFile, publicFilePath } from './public-files.ts';
import type { PublicSet } from './public-set.ts';
import { publicPagePath, publicProcessPath, stepAnchor } from './public-urls.ts';

/**
 * A page body as citizens may see it: links into the wiki point at the portal when their target
 * is public and become plain text otherwise; a link to an unpublished page does not even keep
 * that page's title (the author's own link text stays). Mentions name no one. Raster images
 * attached to public pages are shown from the portal; other files of public pages become a link
 * to their (sandboxed) download; any other image or file is only its alt text or name. The result holds only nodes
 * and marks the HTML and Markdown writers know, so both downloads and the portal agree.
 */
export const INTERNAL_PAGE_TEXT = '(interne Seite)';
export const MENTION_TEXT = '(Ansprechperson)';

export interface PublicDocContext {
  set: PublicSet;
  /** Current titles of public pages (page links show the target's title as it is now). */
  titles: ReadonlyMap<string, string>;
  /** Current names of public processes (their addresses are made from them). */
  processNames: ReadonlyMap<string, string>;
  /** Absolute origin for the links (Markdown downloads), or '' for paths (the portal's HTML). */
  origin: string;
  /** The public attachments the body may point at (`publicFiles`); absent: none are shown. */
  files?: ReadonlyMap<string, PublicFile>;
}

function text(value: string, marks: PMMarkJSON[] = []): PMNodeJSON {
  return marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };
}

const link = (href: string): PMMarkJSON => ({ type: 'link', attrs: { href, title: null } });

/** Where an href into the wiki leads on the portal: a public address, null (drop the link) or the href itself (outside the wiki). */
function publicHref(href: string, ctx: PublicDocContext): string | null {
  const pageId = parsePageHref(href);
  if (pageId !== null) return ctx.set.pages.has(pageId) ? ctx.origin + publicPagePath(pageId, ctx.titles.get(pageId) ?? '') : null;
  const step = parseStepHref(href);
  if (step) return ctx.set.processes.has(step.processId) ? `${ctx.origin}${publicProcessPath(step.processId, ctx.processNames.get(step.processId) ?? '')}#${stepAnchor(step.elementId)}` : null;
  // Any other address on our own host is a screen of the wiki, behind the sign-in.
  if (/^\s*\/(?!\/)/.test(href) || /^\s*[?#]/.test(href)) return null;
  return href;
}

function marksFor(node: PMNodeJSON, ctx: PublicDocContext): PMMarkJSON[] {
  const out: PMMarkJSON[] = [];
  for (const mark of node.marks ?? []) {
    if (mark.type !== 'link') {
      out.push(mark);
      continue;
    }
    const href = typeof mark.attrs?.href === 'string' ? publicHref(mark.attrs.href, ctx) : null;
    if (href !== null) out.push(link(href));
  }
  return out;
}

function transform(node: PMNodeJSON, ctx: PublicDocContext): PMNodeJSON[] {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'text':
      return [text(node.text ?? '', marksFor(node, ctx))];
    case 'page_link': {
      const pageId = typeof attrs.pageId === 'string' ? attrs.pageId : '';
      const title = ctx.titles.get(pageId);
      if (!ctx.set.pages.has(pageId) || title === undefined) return [text(INTERNAL_PAGE_TEXT)];
      return [text(title || pageId, [link(ctx.origin + publicPagePath(pageId, title))])];
    }
    case 'step_link': {
      const processId = typeof attrs.processId === 'string' ? attrs.processId : '';
      const elementId = typeof attrs.elementId === 'string' ? attrs.elementId : '';
      const label = typeof attrs.label === 'string' && attrs.label ? attrs.label : elementId;
      if (!label) return [];
      if (!ctx.set.processes.has(processId)) return [text(label)];
      return [text(label, [link(`${ctx.origin}${publicProcessPath(processId, ctx.processNames.get(processId) ?? '')}#${stepAnchor(elementId)}`)])];
    }
    case 'mention':
      return [text(MENTION_TEXT)];
    case 'file': {
      const name = typeof attrs.name === 'string' && attrs.name ? attrs.name : '';
      const file = ctx.files?.get(attachmentOf(node) ?? '');
      if (file) return [text(name || file.name, [...marksFor(node, ctx).filter((m) => m.type !== 'link'), link(ctx.origin + publicFilePath(file.id))])];
      return name ? [text(name)] : [];
    }
    case 'image': {
      const alt = typeof attrs.alt === 'string' && attrs.alt ? attrs.alt : '';
      const file = ctx.files?.get(attachmentOf(node) ?? '');
      if (file && isPublicImage(file.type)) return [{ type: 'image', attrs: { src: ctx.origin + publicFilePath(file.id), alt: alt || null, title: null } }];
      return alt ? [text(alt)] : [];
    }
    default: {
      const out: PMNodeJSON = { ...node };
      if (node.content) out.content = node.content.flatMap((child) => transform(child, ctx));
      return [out];
    }
  }
}

/** The public form of a page body (see the module comment). */
export function publicDoc(doc: PMNodeJSON, ctx: PublicDocContext): PMNodeJSON {
  return transform(doc, ctx)[0] ?? { type: 'doc', content: [] };
}
