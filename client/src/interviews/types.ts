/** Shapes of the interview API (server/src/interviews/interview-json.ts) as the client reads them. */

export type InterviewStatus = 'planned' | 'in_progress' | 'in_review' | 'completed';
export type QuestionKind = 'rich_text' | 'contacts' | 'dates' | 'systems' | 'process_steps';

export interface Person {
  id: string;
  displayName: string;
}

export interface Question {
  id: string;
  kind: QuestionKind;
  prompt: string;
  help: string;
}

export interface Section {
  title: string;
  questions: Question[];
}

export interface InterviewSummary {
  id: string;
  status: InterviewStatus;
  subject: Person;
  interviewer: Person;
  successor: Person | null;
  subjectRole: string | null;
  departureDate: string;
  template: { id: string; version: number };
  consentedAt: string | null;
  publication: { spaceId: string | null; handoverPageId: string | null; completedAt: string; completedBy: Person | null } | null;
  purged: boolean;
  retention: Retention;
  createdAt: string;
  updatedAt: string;
}

/**
 * Retention of the unpublished content: `warning` for a running interview near its date, `due`
 * past it (a completed one is purged by the job, a running one waits for a manager's decision).
 */
export interface Retention {
  keptUntil: string;
  state: 'scheduled' | 'warning' | 'due' | 'purged';
  automatic: boolean;
}

export interface AnswerStep {
  processId: string;
  processName: string;
  elementId: string;
  name: string | null;
  orphaned: boolean;
}

export interface Review {
  id: string;
  kind: 'accept' | 'comment' | 'follow_up';
  body: string;
  followUpId: string | null;
  author: Person | null;
  createdAt: string;
}

export interface Answer {
  questionId: string;
  private: boolean;
  text: string;
  steps: AnswerStep[];
  reviews: Review[];
  accepted: boolean;
}

export type InterviewAction =
  | 'editAnswers'
  | 'markPrivate'
  | 'unmarkPrivate'
  | 'linkSteps'
  | 'review'
  | 'consent'
  | 'start'
  | 'submitForReview'
  | 'reopen'
  | 'complete'
  | 'updateDetails'
  | 'purgeContent';

export interface Interview extends InterviewSummary {
  parts: string[];
  can: Record<InterviewAction, boolean>;
  sections: Section[];
  answers: Answer[];
}

export interface PublicationPlan {
  handover: { title: string; doc: unknown };
  stepPages: { questionId: string; title: string; steps: { processId: string; elementId: string; name: string | null }[]; doc: unknown }[];
  excluded: { questionId: string; reason: 'private' | 'empty' | 'invalid' }[];
  hash: string;
  consent: { given: boolean; current: boolean };
}

/** A linked step a published answer page was not attached to (the publisher may not attach there). */
export interface UnattachedStep {
  pageId: string;
  questionId: string;
  processId: string;
  elementId: string;
  reason: 'not-found' | 'forbidden' | 'archived' | 'step-removed';
}

export interface CompletionResult {
  handoverPageId: string;
  stepPages: { pageId: string; questionId: string; steps: { processId: string; elementId: string }[] }[];
  unattachedSteps: UnattachedStep[];
}

export interface ReadingItem {
  processId: string;
  processName: string;
  elementId: string;
  stepName: string | null;
  questionIds: string[];
  pages: { id: string; title: string }[];
}
