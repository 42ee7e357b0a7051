import { createHash } from 'node:crypto';
import type * as Y from 'yjs';
import { type PMNodeJSON, parseDocJSON } from '@stafette/schema';
import { isEmptyAnswer, readAnswer } from './interview-document.ts';
import { acceptance, type AnswerMeta, germanDate, type InterviewRecord, type QuestionSection } from './interview-queries.ts';
import { provenanceBlock, type ProvenanceFacts } from './provenance.ts';

/**
 * What a completion publishes, built the same way for the consent preview and for the
 * completion itself, so the departing person sees exactly what goes out: the handover page
 * (every publishable answer under its section) and one page per step-linked answer. Private,
 * empty and malformed answers are left out and listed with the reason.
 */

export interface StepRef {
  processId: string;
  elementId: string;
  name: string | null;
}

export interface PlannedStepPage {
  questionId: string;
  title: string;
  steps: StepRef[];
  doc: PMNodeJSON;
}

export interface PublicationPlan {
  handover: { title: string; doc: PMNodeJSON };
  stepPages: PlannedStepPage[];
  excluded: { questionId: string; reason: 'private' | 'empty' | 'invalid' }[];
  /** Fingerprint of the published knowledge (answers, their steps): what consent refers to. */
  hash: string;
}

export interface PlanInput {
  interview: InterviewRecord;
  sections: QuestionSection[];
  meta: Map<string, AnswerMeta>;
  doc: Y.Doc;
  /** Set at completion: who publishes and when (the preview says it happens after consent). */
  published?: { by: string; at: Date; consentedAt: Date };
}

const text = (value: string): PMNodeJSON => ({ type: 'text', text: value });
const paragraph = (...content: PMNodeJSON[]): PMNodeJSON => ({ type: 'paragraph', content });
const heading = (level: number, value: string): PMNodeJSON => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const stepLink = (step: StepRef): PMNodeJSON => ({
  type: 'step_link',
  attrs: { processId: step.processId, elementId: step.elementId, label: step.name ?? step.elementId },
});

function stepsParagraph(steps: StepRef[]): PMNodeJSON {
  const content: PMNodeJSON[] = [text(steps.length === 1 ? 'Prozessschritt: ' : 'Prozessschritte: ')];
  steps.forEach((step, i) => {
    if (i > 0) content.push(text(', '));
    content.push(stepLink(step));
  });
  return paragraph(...content);
}

const shorten = (value: string, max: number) => (value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`);

export function handoverTitle(interview: InterviewRecord): string {
  // No personal name in titles: titles show up in trees, search and links long after a
  // pseudonymisation rewrote the provenance.
  const role = interview.subjectRole ? `${interview.subjectRole} ` : '';
  return shorten(`Wissensübergabe ${role}(Ausscheiden ${germanDate(interview.departureDate)})`, 200);
}

function stepPageTitle(prompt: string, steps: StepRef[]): string {
  const first = steps[0]!;
  const more = steps.length > 1 ? ` (+${steps.length - 1})` : '';
  return shorten(`${first.name ?? first.elementId}${more}: ${prompt}`, 200);
}

export function buildPlan(input: PlanInput): PublicationPlan {
  const { interview, sections, meta, doc, published } = input;
  const excluded: PublicationPlan['excluded'] = [];
  const handoverBody: PMNodeJSON[] = [];
  const stepPages: PlannedStepPage[] = [];
  const fingerprint: unknown[] = [];
  let total = 0;
  const accepted: ProvenanceFacts['accepted'] = { count: 0, by: null, at: null };

  for (const section of sections) {
    const blocks: PMNodeJSON[] = [];
    for (const question of section.questions) {
      const m = meta.get(question.id);
      if (m?.private) {
        excluded.push({ questionId: question.id, reason: 'private' });
        continue;
      }
      const answer = readAnswer(doc, question.id);
      if (isEmptyAnswer(answer)) {
        excluded.push({ questionId: question.id, reason: 'empty' });
        continue;
      }
      try {
        parseDocJSON(answer);
      } catch {
        excluded.push({ questionId: question.id, reason: 'invalid' });
        continue;
      }
      const steps = (m?.steps ?? []).filter((s) => !s.orphaned).map((s) => ({ processId: s.processId, elementId: s.elementId, name: s.name }));
      const accept = acceptance(m);
      total += 1;
      if (accept) {
        accepted.count += 1;
        accepted.by = accept.by;
        if (!accepted.at || accept.at > accepted.at) accepted.at = accept.at;
      }
      fingerprint.push({ questionId: question.id, answer, steps: steps.map((s) => `${s.processId}/${s.elementId}`) });

      blocks.push(heading(3, question.prompt), ...(answer.content ?? []));
      if (steps.length > 0) blocks.push(stepsParagraph(steps));
      if (steps.length > 0) {
        const facts: ProvenanceFacts = {
          interview,
          answers: 1,
          accepted: accept ? { count: 1, by: accept.by, at: accept.at } : { count: 0, by: null, at: null },
          published,
        };
        stepPages.push({
          questionId: question.id,
          title: stepPageTitle(question.prompt, steps),
          steps,
          doc: { type: 'doc', content: [provenanceBlock(facts), heading(2, question.prompt), ...(answer.content ?? []), stepsParagraph(steps)] },
        });
      }
    }
    if (blocks.length > 0) handoverBody.push(heading(2, section.title), ...blocks);
  }

  const facts: ProvenanceFacts = { interview, answers: total, accepted, published };
  if (handoverBody.length === 0) handoverBody.push(paragraph(text('Es wurden keine Antworten zur Veröffentlichung freigegeben.')));
  const handoverDoc: PMNodeJSON = { type: 'doc', content: [provenanceBlock(facts), ...handoverBody] };

  const hash = createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex');
  return { handover: { title: handoverTitle(interview), doc: handoverDoc }, stepPages, excluded, hash };
}

/** The handover page with links to the step pages once they exist (added at completion). */
export function withStepPageLinks(doc: PMNodeJSON, pages: { id: string; title: string }[]): PMNodeJSON {
  if (pages.length === 0) return doc;
  return {
    ...doc,
    content: [
      ...(doc.content ?? []),
      heading(2, 'Wissen an Prozessschritten'),
      {
        type: 'bullet_list',
        content: pages.map((p) => ({ type: 'list_item', content: [paragraph({ type: 'page_link', attrs: { pageId: p.id, title: p.title } })] })),
      },
    ],
  };
}
