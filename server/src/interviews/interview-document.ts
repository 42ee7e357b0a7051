import * as Y from 'yjs';
import { InterviewSocketParams } from '@stafette/api';
import { type PMNodeJSON, yDocToJSON } from '@stafette/schema';
import { recordAudit } from '../audit/record.ts';
import { socketCaller } from '../collab/access.ts';
import type { DocumentKind } from '../collab/document-kind.ts';
import { type DocumentStore, insertLogRows, type LogTable, readLogRows, replaceWithSnapshot } from '../collab/document-store.ts';
import { notFound } from '../http/problem.ts';
import { canOnInterview, interviewAccess } from '../policy/interviews.ts';

/**
 * The collaborative document of an interview: one Y.Doc per interview, one XmlFragment
 * `answer:<questionId>` per answer (the page schema inside), stored in `interview_updates`.
 */
const ANSWER_PREFIX = 'answer:';
const ANSWER_ROOT = /^answer:[a-z0-9][a-z0-9-]{0,63}$/;

export const answerFragment = (questionId: string) => ANSWER_PREFIX + questionId;

const interviewLog: LogTable = { table: 'interview_updates', idColumn: 'interview_id' };

export const interviewUpdatesStore: DocumentStore = {
  rows: (db, interviewId) => readLogRows(db, interviewLog, interviewId),
  async insert(db, rows) {
    // After retention deleted an interview's content, nothing may write it back (a document
    // still loaded in memory): refusing fails the room, which closes and forgets it.
    const ids = [...new Set(rows.map((r) => r.documentId))];
    const purged = await db.selectFrom('interviews').select('id').where('id', 'in', ids).where('content_purged_at', 'is not', null).execute();
    if (purged.length > 0) throw new Error('interview content was deleted by the retention job');
    return insertLogRows(db, interviewLog, rows);
  },
  async compact(trx, interviewId, snapshot, seqs) {
    const interview = await trx.selectFrom('interviews').select('content_purged_at').where('id', '=', interviewId).forUpdate().executeTakeFirst();
    if (!interview || interview.content_purged_at !== null) {
      // Purged: every row goes, whoever wrote it; no snapshot row is written (seq 0 names none).
      await trx.deleteFrom('interview_updates').where('interview_id', '=', interviewId).execute();
      return 0;
    }
    return replaceWithSnapshot(trx, interviewLog, interviewId, snapshot, seqs);
  },
};

/**
 * The interview socket, `/collab/interview/:interviewId`, served as `app.interviewCollab`. Access
 * follows the interview's privacy rule: participants who may write answers write, the other
 * participants read, everyone else is refused (404); opened with the session cookie or a Bearer
 * token. Opening it is audited like reading the REST detail (personal data). A purged interview
 * no longer "exists" as a document, so its connections close with `pageGone`.
 */
export const interviewKind: DocumentKind = {
  name: 'interview',
  decorator: 'interviewCollab',
  path: '/collab/interview/:interviewId',
  idParam: 'interviewId',
  summary: 'Collaboration socket of an interview (y-websocket protocol)',
  params: InterviewSocketParams,
  async authorise(app, request, interviewId) {
    const caller = await socketCaller(app, request);
    const access = await interviewAccess(app.db, caller.user, interviewId);
    if (!access || access.purged) throw notFound('interview');
    const readOnly = !canOnInterview(access, 'editAnswers');
    await recordAudit(app.db, {
      actorId: caller.user.id,
      ip: request.ip,
      action: 'interview.collab.open',
      targetType: 'interview',
      targetId: interviewId,
      detail: { readOnly },
    });
    return { ...caller, spaceId: null, readOnly };
  },
  async permission(app, user, interviewId) {
    const access = await interviewAccess(app.db, user, interviewId);
    if (!access || access.purged) return null;
    return { spaceId: null, readOnly: !canOnInterview(access, 'editAnswers') };
  },
  async exists(app, interviewId) {
    const row = await app.db.selectFrom('interviews').select('content_purged_at').where('id', '=', interviewId).executeTakeFirst();
    return row !== undefined && row.content_purged_at === null;
  },
  allowsRoot: (root) => ANSWER_ROOT.test(root),
  store: interviewUpdatesStore,
};

/** An answer as ProseMirror JSON; an answer nobody wrote is an empty document. */
export function readAnswer(doc: Y.Doc, questionId: string): PMNodeJSON {
  return yDocToJSON(doc, answerFragment(questionId));
}

/** Whether an answer holds any text or atom (images, links) worth publishing. */
export function isEmptyAnswer(json: PMNodeJSON): boolean {
  const walk = (node: PMNodeJSON): boolean => {
    if (node.type === 'text') return (node.text ?? '').trim() !== '';
    if (node.type === 'image' || node.type === 'page_link' || node.type === 'step_link' || node.type === 'horizontal_rule') return true;
    return (node.content ?? []).some(walk);
  };
  return !walk(json);
}
