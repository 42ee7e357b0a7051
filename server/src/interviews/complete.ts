import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import { jsonToYUpdate, type PMNodeJSON } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { recordAudit } from '../audit/record.ts';
import type { AuthUser } from '../auth/auth.ts';
import { conflict, forbidden, notFound } from '../http/problem.ts';
import { insertPage, lockSpace } from '../pages/tree.ts';
import { spaceAccess } from '../policy/pages.ts';
import { canOnSpace } from '../policy/spaces.ts';
import { enqueueSearchIndex, wakeIndexers } from '../search/outbox.ts';
import { deriveContent } from '../content/derive.ts';
import { writeDerivedContent } from '../content/derived-store.ts';
import { recordContributions } from '../content/contributors.ts';
import { answerMeta, interviewSections, loadInterview } from './interview-queries.ts';
import { buildPlan, type PublicationPlan, withStepPageLinks } from './publication-plan.ts';

/** Builds the current publication plan of an interview (consent preview and completion). */
export async function currentPlan(app: FastifyInstance, interviewId: string, published?: { by: string; at: Date; consentedAt: Date }): Promise<PublicationPlan> {
  const interview = await loadInterview(app.db, interviewId);
  if (!interview) throw notFound('interview');
  const [sections, meta, doc] = await Promise.all([
    interviewSections(app.db, interview),
    answerMeta(app.db, interviewId),
    app.interviewCollab.getDocument(interviewId),
  ]);
  return buildPlan({ interview, sections, meta, doc, published });
}

export interface CompletionResult {
  handoverPageId: string;
  stepPages: { pageId: string; questionId: string; steps: { processId: string; elementId: string }[] }[];
}

/**
 * Publishes an interview into a space: the handover page and, beneath it, one page per
 * step-linked answer attached to its steps, all in one transaction with the status change, so a
 * failure publishes nothing. Refused unless the departing person consented to exactly this
 * content (the fingerprint of the plan they saw matches the plan now).
 */
export async function completeInterview(app: FastifyInstance, interviewId: string, spaceId: string, user: AuthUser, ip: string | null): Promise<CompletionResult> {
  const level = await spaceAccess(app.db, user, spaceId);
  if (level === 'none') throw notFound('space');
  if (!canOnSpace(level, false, 'createPage')) throw forbidden('You may not create pages in this space.');

  const interview = await loadInterview(app.db, interviewId);
  if (!interview) throw notFound('interview');
  if (!interview.consentHash || !interview.consentedAt) {
    throw conflict('The departing person has not consented to the publication yet.', 'consent-required');
  }
  const at = new Date();
  const plan = await currentPlan(app, interviewId, { by: user.displayName, at, consentedAt: interview.consentedAt });
  if (plan.hash !== interview.consentHash) {
    throw conflict('The answers changed after the departing person consented; they must review the preview and consent again.', 'consent-outdated');
  }

  const result = await app.db.transaction().execute(async (trx) => {
    const space = await lockSpace(trx, spaceId);
    if (space.archived) throw conflict('The space is archived; restore it first.', 'space-archived');
    // Claims the interview: a second completion running at the same time finds it completed.
    const claimed = await trx
      .updateTable('interviews')
      .set({ status: 'completed', completed_by: user.id, completed_at: at, published_space_id: spaceId, updated_at: at })
      .where('id', '=', interviewId)
      .where('status', '=', 'in_review')
      .where('consent_hash', '=', plan.hash)
      .returning('id')
      .executeTakeFirst();
    if (!claimed) throw conflict('The interview changed meanwhile (completed or consent withdrawn); reload it.', 'interview-status-changed');

    const handoverId = await insertPage(trx, { spaceId, parentId: null, title: plan.handover.title, userId: user.id });
    const stepPages: CompletionResult['stepPages'] = [];
    for (const planned of plan.stepPages) {
      const pageId = await insertPage(trx, { spaceId, parentId: handoverId, title: planned.title, userId: user.id });
      await writeBody(trx, pageId, planned.doc, user.id);
      for (const step of planned.steps) {
        await trx
          .insertInto('process_step_pages')
          .values({ process_id: step.processId, element_id: step.elementId, page_id: pageId, created_by: user.id })
          .onConflict((oc) => oc.doNothing())
          .execute();
        await recordAudit(trx, {
          actorId: user.id,
          ip,
          action: 'process.step.attach',
          targetType: 'process',
          targetId: step.processId,
          detail: { elementId: step.elementId, pageId, interviewId },
        });
      }
      await trx.insertInto('interview_publications').values({ interview_id: interviewId, page_id: pageId, question_id: planned.questionId }).execute();
      stepPages.push({ pageId, questionId: planned.questionId, steps: planned.steps.map((s) => ({ processId: s.processId, elementId: s.elementId })) });
    }
    const links = stepPages.map((p, i) => ({ id: p.pageId, title: plan.stepPages[i]!.title }));
    await writeBody(trx, handoverId, withStepPageLinks(plan.handover.doc, links), user.id);
    await trx.insertInto('interview_publications').values({ interview_id: interviewId, page_id: handoverId, question_id: null }).execute();
    await trx.updateTable('interviews').set({ handover_page_id: handoverId }).where('id', '=', interviewId).execute();
    await recordAudit(trx, {
      actorId: user.id,
      ip,
      action: 'interview.complete',
      targetType: 'interview',
      targetId: interviewId,
      detail: { spaceId, handoverPageId: handoverId, stepPageIds: stepPages.map((p) => p.pageId), excluded: plan.excluded.length },
    });
    return { handoverPageId: handoverId, stepPages };
  });
  wakeIndexers();
  // Completed interviews are read-only on the socket from now on.
  app.interviewCollab.revalidate(interviewId);
  return result;
}

/**
 * A new page's body: its first update-log row (a snapshot, as compaction writes it; no
 * collaborative document can be open for a page that did not exist), derived content and
 * search queue entry, in the page's transaction.
 */
async function writeBody(trx: Transaction<DB>, pageId: string, doc: PMNodeJSON, userId: string): Promise<void> {
  await trx.insertInto('page_updates').values({ page_id: pageId, data: jsonToYUpdate(doc), snapshot: true }).execute();
  await writeDerivedContent(trx, pageId, deriveContent(doc));
  await enqueueSearchIndex(trx, pageId);
  await recordContributions(trx, pageId, [userId]);
}
