import { pageHref, stepHref } from './urls.ts';

/**
 * The `<a>` attributes of page and step links. The editor's DOM (schema.ts) and the HTML export
 * (html.ts) write them alike, so the schema's parse rules read either back into the same node.
 */
export function pageLinkAttrs(pageId: string, title: string): Record<string, string> {
  return { href: pageHref(pageId), class: 'page-link', 'data-page-id': pageId, 'data-title': title };
}

export function stepLinkAttrs(processId: string, elementId: string, label: string): Record<string, string> {
  return {
    href: stepHref(processId, elementId),
    class: 'step-link',
    'data-process-id': processId,
    'data-element-id': elementId,
    'data-label': label,
  };
}
