import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { PMNodeJSON } from '@stafette/schema';
import type { DB } from '../db/schema.ts';
import { recordAudit } from '../audit/record.ts';
import { writeNewPageBody } from '../collab/page-documents.ts';
import type { AuthUser } from '../auth/auth.ts';
import { conflict, notFound } from '../http/problem.ts';
import { insertPage, lockSpace } from '../pages/tree.ts';
import { type StepAttachDecision, stepAttachmentAccess } from '../policy/processes.ts';
import { type StepKey, stepForLink } from '../processes/process-queries.ts';
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

/**
 * Why a published answer page was not attached to a step it is linked to: the publisher may not
 * know the process (`not-found`), does not edit its space (`forbidden`), the process or its space
 * is archived (`archived`), or the step left the process (`step-removed`).
 */
export type UnattachedReason = 'not-found' | 'forbidden' | 'archived' | 'step-removed';

export interface UnattachedStep {
  pageId: string;
  questionId: string;
  processId: string;
  elementId: string;
  reason: UnattachedReason;
}

export interface CompletionResult {
  handoverPageId: string;
  /** `steps`: the steps each page was attached to. */
  stepPages: { pageId: string; questionId: string; steps: { processId: string; elementId: string }[] }[];
  unattachedSteps: UnattachedStep[];
}

const REASON: Record<Exclude<StepAttachDecision, 'allow'>, UnattachedReason> = {
  'not-found': 'not-found',
  forbidden: 'forbidden',
  'read-only': 'archived',
  // The page was created a moment ago in a space the publisher writes to; kept for completeness.
  'page-not-found': 'forbidden',
  'page-archived': 'archived',
};

/**
 * Publishes an interview into a space: the handover page and, beneath it, one page per
 * step-linked answer attached to its steps, all in one transaction with the status change, so a
 * failure publishes nothing. Refused unless the departing person consented to exactly this
 * content (the fingerprint of the plan they saw matches the plan now).
 *
 * Each attachment follows the rule of the attach route (`decideStepAttachment`), checked in the
 * publishing transaction: a step the publisher may not attach to keeps its page unattached and is
 * listed in `unattachedSteps` (and the audit), for the process's editors to attach later. The page
 * itself is still published: the departing person consented to it and may have left, so refusing
 * would leave no way to a new consent.
 */
export async function completeInterview(app: FastifyInstance, interviewId: string, spaceId: string, user: AuthUser, ip: string | null): Promise<CompletionResult> {
  // Who may publish into the space is the route's declared access (createPage); whether the space
  // was archived meanwhile is checked again under its lock below.
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
    const unattachedSteps: UnattachedStep[] = [];
    for (const planned of plan.stepPages) {
      const pageId = await insertPage(trx, { spaceId, parentId: handoverId, title: planned.title, userId: user.id });
      await writeBody(trx, pageId, planned.doc, user.id);
      const attached: CompletionResult['stepPages'][number]['steps'] = [];
      for (const step of planned.steps) {
        const refusal = await attachRefusal(trx, user, step, pageId);
        if (refusal) {
          unattachedSteps.push({ pageId, questionId: planned.questionId, processId: step.processId, elementId: step.elementId, reason: refusal });
          continue;
        }
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
        attached.push({ processId: step.processId, elementId: step.elementId });
      }
      await trx.insertInto('interview_publications').values({ interview_id: interviewId, page_id: pageId, question_id: planned.questionId }).execute();
      stepPages.push({ pageId, questionId: planned.questionId, steps: attached });
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
      detail: { spaceId, handoverPageId: handoverId, stepPageIds: stepPages.map((p) => p.pageId), excluded: plan.excluded.length, unattachedSteps },
    });
    return { handoverPageId: handoverId, stepPages, unattachedSteps };
  });
  // Completed interviews are read-only on the socket from now on.
  app.interviewCollab.revalidate(interviewId);
  return result;
}

/**
 * Why `pageId` may not be attached to the step now, or null when it may: the attach route's rule,
 * and the step must still be part of the process (its row locked, as the attach route does).
 */
async function attachRefusal(trx: Transaction<DB>, user: AuthUser, step: StepKey, pageId: string): Promise<UnattachedReason | null> {
  const decision = await stepAttachmentAccess(trx, user, step.processId, pageId);
  if (decision !== 'allow') return REASON[decision];
  return (await stepForLink(trx, step)) === 'live' ? null : 'step-removed';
}

/** A new page's body (`writeNewPageBody`), derived content and search queue entry, in the page's transaction. */
async function writeBody(trx: Transaction<DB>, pageId: string, doc: PMNodeJSON, userId: string): Promise<void> {
  await writeNewPageBody(trx, pageId, doc);
  await writeDerivedContent(trx, pageId, deriveContent(doc));
  await recordContributions(trx, pageId, [userId]);
}
