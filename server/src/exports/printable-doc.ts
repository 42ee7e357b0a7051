import { attachmentHref, isSafeHref, pageHref, type PMMarkJSON, type PMNodeJSON, stepHref } from '@stafette/schema';

/**
 * A page body made ready to leave the wiki: page links, step links and file cards become text
 * with a link to their absolute address (`origin`, STAFETTE_PUBLIC_URL or the request's), so
 * they still lead somewhere from a printout's PDF or an office file; relative links become
 * absolute too. Everything else is kept as it is.
 */
export function printableDoc(doc: PMNodeJSON, origin: string): PMNodeJSON {
  return convert(doc, origin);
}

function absolute(href: string, origin: string): string | null {
  if (!isSafeHref(href)) return null;
  try {
    return new URL(href, origin).toString();
  } catch {
    return null;
  }
}

function linked(text: string, href: string | null, marks: PMMarkJSON[] | undefined): PMNodeJSON {
  const kept = (marks ?? []).filter((m) => m.type !== 'link');
  return { type: 'text', text, marks: href ? [...kept, { type: 'link', attrs: { href, title: null } }] : kept };
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function convert(node: PMNodeJSON, origin: string): PMNodeJSON {
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'page_link': {
      const id = str(attrs.pageId);
      return linked(str(attrs.title) || id || 'Seite', id ? absolute(pageHref(id), origin) : null, node.marks);
    }
    case 'step_link': {
      const processId = str(attrs.processId);
      const elementId = str(attrs.elementId);
      const href = processId && elementId ? absolute(stepHref(processId, elementId), origin) : null;
      return linked(str(attrs.label) || elementId || 'Prozessschritt', href, node.marks);
    }
    case 'file': {
      const id = str(attrs.attachmentId);
      return linked(`Anhang: ${str(attrs.name) || 'Datei'}`, /^[0-9a-f-]{36}$/i.test(id) ? absolute(attachmentHref(id), origin) : null, node.marks);
    }
    case 'text': {
      if (!node.marks?.some((m) => m.type === 'link')) return node;
      const marks = node.marks.flatMap((m) => {
        if (m.type !== 'link') return [m];
        const href = absolute(str(m.attrs?.href), origin);
        return href ? [{ type: 'link', attrs: { href, title: m.attrs?.title ?? null } }] : [];
      });
      return { ...node, marks };
    }
    default:
      return node.content ? { ...node, content: node.content.map((child) => convert(child, origin)) } : node;
  }
}

/** Plain text of inline content (alt texts, table of contents entries). */
export function inlineText(node: PMNodeJSON): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hard_break') return '\n';
  return (node.content ?? []).map(inlineText).join('');
}
