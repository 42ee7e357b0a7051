import type { FastifyInstance } from 'fastify';
import * as Y from 'yjs';
import { type PMNodeJSON, yDocToJSON } from '@stafette/schema';
import { CloseCode } from '../collab/close-codes.ts';
import { RejectedUpdateError } from '../collab/collab-server.ts';
import { Problem } from '../http/problem.ts';
import type { BodyInput } from './body-converter.ts';
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
 * Replaces the body with `body` (Markdown or PM JSON, sent by a user: held to the content
 * bounds) as one server edit, stored and sent to connected editors; unchanged leading and
 * trailing blocks stay. The conversion runs in a worker (body-converter.ts); invalid or too
 * complex bodies are refused with a problem and change nothing. `label` names the edit in the
 * collaboration log. Returns whether anything changed.
 */
export function replaceBodyFrom(app: FastifyInstance, pageId: string, body: BodyInput, label: string): Promise<boolean> {
  return editBody(app, pageId, body, label, false);
}

/**
 * Replaces the body with `json`, a body the server holds (a version, a rewrite of the current
 * one): as `replaceBodyFrom`, bounded by the conversion deadline only.
 */
export function replaceBody(app: FastifyInstance, pageId: string, json: PMNodeJSON, label: string): Promise<boolean> {
  return editBody(app, pageId, { doc: json }, label, true);
}

function editBody(app: FastifyInstance, pageId: string, body: BodyInput, label: string, trusted: boolean): Promise<boolean> {
  return app.bodyConverter.serialEdit(pageId, async () => {
    const state = Y.encodeStateAsUpdate(await app.collab.getDocument(pageId));
    const update = await app.bodyConverter.replacement(state, body, label, trusted);
    if (!update) return false;
    try {
      await app.collab.applyServerUpdate(pageId, update, label);
    } catch (err) {
      if (err instanceof RejectedUpdateError) throw rejectedProblem(err);
      throw err;
    }
    return true;
  });
}

function rejectedProblem(err: RejectedUpdateError): Problem {
  if (err.code === CloseCode.documentTooLarge) {
    return new Problem(413, 'document-too-large', 'Document too large', 'The page would grow past the largest document the server keeps.');
  }
  return new Problem(409, 'document-unavailable', 'Document unavailable', `The page could not take the change: ${err.message}.`);
}
