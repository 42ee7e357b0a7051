/**
 * Worker thread side of body-converter.ts: Markdown or PM JSON to a page body and its Yjs form.
 * What a refused body is (invalid, too complex) comes back as a result; anything thrown is a
 * bug and reaches the pool as an error.
 */
import * as Y from 'yjs';
import {
  type ComplexityLimits,
  ContentTooComplexError,
  InvalidDocumentError,
  jsonToYUpdate,
  markdownToJSON,
  type PMNodeJSON,
  replaceDocContent,
} from '@stafette/schema';
import { serveJobs } from '../workers/serve-jobs.ts';
import { deriveContent, type DerivedContent } from './derive.ts';

/** A body as sent: Markdown or PM JSON of the page schema. */
export type BodyInput = { markdown: string } | { doc: unknown };

export type ConvertJob =
  /** A new page's body from Markdown: its full Yjs state and derived content. */
  | { kind: 'create'; markdown: string; limits: ComplexityLimits }
  /**
   * `body` as an edit of the document whose full state is `state`: the update on top of it, or
   * null when nothing changes. Without `limits` (bodies the server holds), only the deadline bounds it.
   */
  | { kind: 'replace'; state: Uint8Array; body: BodyInput; label: string; limits: ComplexityLimits | null };

export type ConvertResult =
  | { kind: 'created'; update: Uint8Array; derived: DerivedContent }
  | { kind: 'replaced'; update: Uint8Array | null }
  | { kind: 'invalid'; message: string }
  | { kind: 'too-complex'; message: string };

/** PM JSON arrives checked against the bounds (body-converter.ts): it had to be, to get here. */
function bodyJSON(body: BodyInput, limits: ComplexityLimits | null): unknown {
  return 'markdown' in body ? markdownToJSON(body.markdown, limits ? { maxElements: limits.maxElements } : {}) : body.doc;
}

function replacement(state: Uint8Array, json: unknown, label: string): Uint8Array | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, state);
    const before = Y.encodeStateVector(copy);
    let changed = false;
    copy.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.changed.size > 0 || tr.deleteSet.clients.size > 0) changed = true;
    });
    replaceDocContent(copy, json, label);
    return changed ? Y.encodeStateAsUpdate(copy, before) : null;
  } finally {
    copy.destroy();
  }
}

function convert(job: ConvertJob): ConvertResult {
  try {
    if (job.kind === 'create') {
      const doc: PMNodeJSON = markdownToJSON(job.markdown, { maxElements: job.limits.maxElements });
      return { kind: 'created', update: jsonToYUpdate(doc), derived: deriveContent(doc) };
    }
    return { kind: 'replaced', update: replacement(job.state, bodyJSON(job.body, job.limits), job.label) };
  } catch (err) {
    if (err instanceof ContentTooComplexError) return { kind: 'too-complex', message: err.message };
    if (err instanceof InvalidDocumentError) return { kind: 'invalid', message: err.message };
    throw err;
  }
}

serveJobs(convert);
