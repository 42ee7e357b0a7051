import type { FastifyInstance } from 'fastify';
import { type PMNodeJSON, replaceDocContent, yDocToJSON } from '@stafette/schema';
import { CloseCode } from '../collab/close-codes.ts';
import { RejectedUpdateError } from '../collab/collab-server.ts';
import { Problem } from '../http/problem.ts';
import { deriveFromYDoc, type DerivedContent } from './derive.ts';

/**
 * A page body as the live collaborative document holds it: read through `app.collab`, so the
 * server sees what connected editors see, and written as an ordinary Yjs edit that they
 * receive live.
 */

/** The current body. Reading never changes the document or emits an update. */
export async function readBody(app: FastifyInstance, pageId: string): Promise<PMNodeJSON> {
  return yDocToJSON(await app.collab.getDocument(pageId));
}

/** The current body with its derived text, headings and links. */
export async function readDerived(app: FastifyInstance, pageId: string): Promise<DerivedContent> {
  return deriveFromYDoc(await app.collab.getDocument(pageId));
}

/**
 * Replaces the body with `json` (validated before, see `validateDocJSON`) as one server edit,
 * stored and sent to connected editors; unchanged leading and trailing blocks stay. `label`
 * names the edit in the collaboration log. Returns whether anything changed.
 */
export async function replaceBody(app: FastifyInstance, pageId: string, json: PMNodeJSON, label: string): Promise<boolean> {
  try {
    return await app.collab.changeDocument(pageId, (doc) => replaceDocContent(doc, json, label), label);
  } catch (err) {
    if (err instanceof RejectedUpdateError) throw rejectedProblem(err);
    throw err;
  }
}

function rejectedProblem(err: RejectedUpdateError): Problem {
  if (err.code === CloseCode.documentTooLarge) {
    return new Problem(413, 'document-too-large', 'Document too large', 'The page would grow past the largest document the server keeps.');
  }
  return new Problem(409, 'document-unavailable', 'Document unavailable', `The page could not take the change: ${err.message}.`);
}
