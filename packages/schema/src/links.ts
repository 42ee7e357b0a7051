/**
 * The outgoing links of a page body: to other wiki pages and to process steps. They come from
 * `page_link` and `step_link` nodes and from ordinary links whose href is a page or step path.
 */
import type { PMNodeJSON } from './json.ts';
import { parsePageHref, parseStepHref } from './urls.ts';

/** A link target in a process: the process and the BPMN element id of the step. */
export interface StepRef {
  processId: string;
  elementId: string;
}

/** Outgoing links of a page, each target once, in document order. */
export interface DocLinks {
  pageIds: string[];
  steps: StepRef[];
}

class LinkCollector {
  readonly pageIds: string[] = [];
  readonly steps: StepRef[] = [];
  private readonly seenPages = new Set<string>();
  private readonly seenSteps = new Set<string>();

  addPage(pageId: unknown): void {
    if (typeof pageId !== 'string' || pageId === '' || this.seenPages.has(pageId)) return;
    this.seenPages.add(pageId);
    this.pageIds.push(pageId);
  }

  addStep(processId: unknown, elementId: unknown): void {
    if (typeof processId !== 'string' || typeof elementId !== 'string' || !processId || !elementId) return;
    const key = JSON.stringify([processId, elementId]);
    if (this.seenSteps.has(key)) return;
    this.seenSteps.add(key);
    this.steps.push({ processId, elementId });
  }

  addHref(href: unknown): void {
    if (typeof href !== 'string') return;
    const pageId = parsePageHref(href);
    if (pageId !== null) return this.addPage(pageId);
    const step = parseStepHref(href);
    if (step) this.addStep(step.processId, step.elementId);
  }

  visit(node: PMNodeJSON): void {
    if (node.type === 'page_link') this.addPage(node.attrs?.pageId);
    else if (node.type === 'step_link') this.addStep(node.attrs?.processId, node.attrs?.elementId);
    for (const mark of node.marks ?? []) if (mark.type === 'link') this.addHref(mark.attrs?.href);
    for (const child of node.content ?? []) this.visit(child);
  }
}

/** The wiki pages and process steps `doc` links to. */
export function docToLinks(doc: PMNodeJSON): DocLinks {
  const collector = new LinkCollector();
  collector.visit(doc);
  return { pageIds: collector.pageIds, steps: collector.steps };
}
