import type { ReadingPathItem } from '@stafette/api';

/** Where an item of a reading path opens: the page, or the step in its process view. */
export function itemHref(item: ReadingPathItem): string {
  return item.kind === 'page' ? `/pages/${item.pageId}` : `/processes/${item.processId}/steps/${encodeURIComponent(item.elementId ?? '')}`;
}
