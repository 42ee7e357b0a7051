/**
 * Exit interviews: templates, interviews and their lifecycle, answers, the successor's review,
 * consent preview, completion, reading list, retention and pseudonymisation
 * (`/interview-templates`, `/interviews`, `/users/:id/pseudonymise`).
 */
import { type Static, Type } from 'typebox';
import { Body, DateTime, IsoDate, Nullable, Uuid, UserRefSchema } from './common.ts';
import {
  ANSWER_REVIEW_MAX_LENGTH,
  ELEMENT_ID_MAX_LENGTH,
  INTERVIEW_SUBJECT_ROLE_MAX_LENGTH,
  PURGE_REASON_MAX_LENGTH,
  QUESTION_HELP_MAX_LENGTH,
  QUESTION_PROMPT_MAX_LENGTH,
  SECTION_MAX_QUESTIONS,
  SECTION_TITLE_MAX_LENGTH,
  TEMPLATE_MAX_SECTIONS,
  TEMPLATE_NAME_MAX_LENGTH,
} from './limits.ts';

// ---- templates ------------------------------------------------------------------------

/** The kinds of answers a question asks for; all are rich text, the kind guides the form. */
export const QUESTION_KINDS = ['rich_text', 'contacts', 'dates', 'systems', 'process_steps'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Question ids name Yjs fragments (`answer:<id>`) and URL segments: short, lowercase, no spaces. */
export const QUESTION_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';

export const QuestionSchema = Type.Object(
  {
    id: Type.String({ pattern: QUESTION_ID_PATTERN }),
    kind: Type.Union([Type.Literal('rich_text'), Type.Literal('contacts'), Type.Literal('dates'), Type.Literal('systems'), Type.Literal('process_steps')]),
    prompt: Type.String({ minLength: 1, maxLength: QUESTION_PROMPT_MAX_LENGTH }),
    help: Type.String({ maxLength: QUESTION_HELP_MAX_LENGTH }),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof QuestionSchema>;

export const SectionSchema = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: SECTION_TITLE_MAX_LENGTH }),
    questions: Type.Array(QuestionSchema, { minItems: 1, maxItems: SECTION_MAX_QUESTIONS }),
  },
  { additionalProperties: false },
);
export type Section = Static<typeof SectionSchema>;

export const TemplateSchema = Type.Object({
  id: Uuid,
  version: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  sections: Type.Array(SectionSchema),
});
export type Template = Static<typeof TemplateSchema>;

const TemplateName = Type.String({ minLength: 1, maxLength: TEMPLATE_NAME_MAX_LENGTH });
const Sections = Type.Array(SectionSchema, { minItems: 1, maxItems: TEMPLATE_MAX_SECTIONS });
export const CreateTemplateBody = Body({ name: TemplateName, sections: Sections });
export type CreateTemplateInput = Static<typeof CreateTemplateBody>;
/** `baseVersion`: the version the edit was made on; a newer one answers 409 template-version-conflict. */
export const UpdateTemplateBody = Body({ name: TemplateName, sections: Sections, baseVersion: Type.Integer({ minimum: 1 }) });
export type UpdateTemplateInput = Static<typeof UpdateTemplateBody>;

// ---- interviews -----------------------------------------------------------------------

export const InterviewStatusSchema = Type.Union([Type.Literal('planned'), Type.Literal('in_progress'), Type.Literal('in_review'), Type.Literal('completed')]);
export type InterviewStatus = Static<typeof InterviewStatusSchema>;

export const RetentionSchema = Type.Object(
  {
    keptUntil: Type.String({ format: 'date', description: 'Last day the unpublished content is kept' }),
    state: Type.Union([Type.Literal('scheduled'), Type.Literal('warning'), Type.Literal('due'), Type.Literal('purged')], {
      description: 'warning: a running interview near its date; due: past it (completed ones are purged by the job, running ones wait for a decision)',
    }),
    automatic: Type.Boolean({ description: 'The job deletes the content once due (completed interviews only)' }),
  },
  { description: 'Retention of the unpublished content (STAFETTE_INTERVIEW_RETENTION_DAYS after the departure date)' },
);
export type Retention = Static<typeof RetentionSchema>;

export const InterviewSummarySchema = Type.Object({
  id: Uuid,
  status: InterviewStatusSchema,
  subject: UserRefSchema,
  interviewer: UserRefSchema,
  successor: Nullable(UserRefSchema),
  subjectRole: Nullable(Type.String()),
  departureDate: Type.String({ format: 'date' }),
  template: Type.Object({ id: Uuid, version: Type.Integer() }),
  consentedAt: Nullable(DateTime),
  publication: Nullable(
    Type.Object({
      spaceId: Nullable(Uuid),
      handoverPageId: Nullable(Uuid),
      completedAt: DateTime,
      completedBy: Nullable(UserRefSchema),
    }),
  ),
  purged: Type.Boolean({ description: 'The retention job deleted the unpublished content' }),
  retention: RetentionSchema,
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type InterviewSummary = Static<typeof InterviewSummarySchema>;

/** A process step an answer is attached to. */
export const AnswerStepSchema = Type.Object({
  processId: Uuid,
  processName: Type.String(),
  elementId: Type.String(),
  name: Nullable(Type.String()),
  orphaned: Type.Boolean(),
});
export type AnswerStep = Static<typeof AnswerStepSchema>;

export const AnswerReviewKindSchema = Type.Union([Type.Literal('accept'), Type.Literal('comment'), Type.Literal('follow_up')]);
export type AnswerReviewKind = Static<typeof AnswerReviewKindSchema>;

/** The successor's review of an answer: accepted, a comment or a follow-up question. */
export const AnswerReviewSchema = Type.Object({
  id: Uuid,
  kind: AnswerReviewKindSchema,
  body: Type.String(),
  /** The question id the follow-up gets (`rueckfrage-…`), not a UUID. */
  followUpId: Nullable(Type.String({ pattern: QUESTION_ID_PATTERN })),
  author: Nullable(UserRefSchema),
  createdAt: DateTime,
});
export type AnswerReview = Static<typeof AnswerReviewSchema>;

export const AnswerSchema = Type.Object({
  questionId: Type.String(),
  private: Type.Boolean(),
  text: Type.String({ description: 'Plain text of the answer as the live document holds it' }),
  steps: Type.Array(AnswerStepSchema),
  reviews: Type.Array(AnswerReviewSchema),
  accepted: Type.Boolean({ description: 'The successor accepted it (no follow-up since)' }),
});
export type Answer = Static<typeof AnswerSchema>;

/** What the caller may do with the interview now, one flag per action. */
export const InterviewPermissionsSchema = Type.Object(
  {
    editAnswers: Type.Boolean(),
    markPrivate: Type.Boolean(),
    unmarkPrivate: Type.Boolean(),
    linkSteps: Type.Boolean(),
    review: Type.Boolean(),
    consent: Type.Boolean(),
    start: Type.Boolean(),
    submitForReview: Type.Boolean(),
    reopen: Type.Boolean(),
    complete: Type.Boolean(),
    updateDetails: Type.Boolean(),
    purgeContent: Type.Boolean(),
  },
  { description: 'What the caller may do now' },
);
export type InterviewCapability = keyof Static<typeof InterviewPermissionsSchema>;
export const INTERVIEW_CAPABILITIES = Object.keys(InterviewPermissionsSchema.properties) as InterviewCapability[];

export const InterviewSchema = Type.Object({
  ...InterviewSummarySchema.properties,
  parts: Type.Array(Type.String(), { description: 'How the caller takes part: subject, interviewer, successor, manager' }),
  can: InterviewPermissionsSchema,
  sections: Type.Array(Type.Object({ title: Type.String(), questions: Type.Array(QuestionSchema) })),
  answers: Type.Array(AnswerSchema),
});
export type Interview = Static<typeof InterviewSchema>;

const SubjectRole = Type.String({
  minLength: 1,
  maxLength: INTERVIEW_SUBJECT_ROLE_MAX_LENGTH,
  description: 'The departing person\'s role, e.g. "Sachbearbeiter:in, Bauamt"',
});

export const CreateInterviewBody = Body({
  subjectUserId: Uuid,
  interviewerId: Uuid,
  departureDate: IsoDate,
  successorId: Type.Optional(Nullable(Uuid)),
  subjectRole: Type.Optional(Nullable(SubjectRole)),
  templateId: Type.Optional(Uuid),
});
export type CreateInterviewInput = Static<typeof CreateInterviewBody>;

export const UpdateInterviewBody = Body({
  interviewerId: Type.Optional(Uuid),
  successorId: Type.Optional(Nullable(Uuid)),
  departureDate: Type.Optional(IsoDate),
  subjectRole: Type.Optional(Nullable(SubjectRole)),
});
export type UpdateInterviewInput = Static<typeof UpdateInterviewBody>;

export const TransitionBody = Body({ to: Type.Union([Type.Literal('in_progress'), Type.Literal('in_review')]) });
export type TransitionTarget = Static<typeof TransitionBody>['to'];

// ---- answers ------------------------------------------------------------------------

export const QuestionParams = Type.Object({ id: Uuid, questionId: Type.String({ pattern: QUESTION_ID_PATTERN }) });
export const AnswerStepParams = Type.Object({
  id: Uuid,
  questionId: Type.String({ pattern: QUESTION_ID_PATTERN }),
  processId: Uuid,
  elementId: Type.String({ minLength: 1, maxLength: ELEMENT_ID_MAX_LENGTH }),
});
export const SetPrivateBody = Body({ private: Type.Boolean() });
/** A comment or follow-up needs a text (checked by the server with a readable message). */
export const AddAnswerReviewBody = Body({ kind: AnswerReviewKindSchema, body: Type.Optional(Type.String({ maxLength: ANSWER_REVIEW_MAX_LENGTH })) });

// ---- consent and publication ----------------------------------------------------------

export const PublicationPlanSchema = Type.Object({
  handover: Type.Object({ title: Type.String(), doc: Type.Unknown() }),
  stepPages: Type.Array(
    Type.Object({
      questionId: Type.String(),
      title: Type.String(),
      steps: Type.Array(Type.Object({ processId: Uuid, elementId: Type.String(), name: Nullable(Type.String()) })),
      doc: Type.Unknown(),
    }),
  ),
  excluded: Type.Array(
    Type.Object({ questionId: Type.String(), reason: Type.Union([Type.Literal('private'), Type.Literal('empty'), Type.Literal('invalid')]) }),
  ),
  hash: Type.String({ description: 'Fingerprint of the published knowledge; consent refers to it' }),
  consent: Type.Object({ given: Type.Boolean(), current: Type.Boolean({ description: 'Given for exactly this content' }) }),
});
export type PublicationPlan = Static<typeof PublicationPlanSchema>;

export const ConsentBody = Body({ hash: Type.String({ pattern: '^[0-9a-f]{64}$' }) });
export const CompleteBody = Body({ spaceId: Uuid });

export const UnattachedStepSchema = Type.Object({
  pageId: Uuid,
  questionId: Type.String(),
  processId: Uuid,
  elementId: Type.String(),
  reason: Type.Union([Type.Literal('not-found'), Type.Literal('forbidden'), Type.Literal('archived'), Type.Literal('step-removed')]),
});
export type UnattachedStep = Static<typeof UnattachedStepSchema>;

export const CompletionSchema = Type.Object({
  handoverPageId: Uuid,
  stepPages: Type.Array(
    Type.Object({
      pageId: Uuid,
      questionId: Type.String(),
      steps: Type.Array(Type.Object({ processId: Uuid, elementId: Type.String() }), { description: 'The steps the page was attached to' }),
    }),
  ),
  unattachedSteps: Type.Array(UnattachedStepSchema, {
    description:
      'Linked steps the page was published for but not attached to: the publisher may attach only where the attach route lets them (edit rights in the process’s space, nothing archived)',
  }),
});
export type Completion = Static<typeof CompletionSchema>;

/** A step the successor inherits, with the pages published for it. */
export const ReadingItemSchema = Type.Object({
  processId: Uuid,
  processName: Type.String(),
  elementId: Type.String(),
  stepName: Nullable(Type.String()),
  questionIds: Type.Array(Type.String()),
  pages: Type.Array(Type.Object({ id: Uuid, title: Type.String() })),
});
export type ReadingItem = Static<typeof ReadingItemSchema>;

// ---- retention and pseudonymisation ---------------------------------------------------

export const RetentionResultSchema = Type.Object({
  purged: Type.Array(Uuid),
  kept: Type.Array(Uuid, { description: 'Running interviews past their retention date, kept until someone decides' }),
  retentionDays: Type.Integer(),
});
/** The explicit decision to delete an interview's unpublished content past its retention date. */
export const PurgeBody = Body({
  confirm: Type.Literal(true, { description: 'Confirms that the unpublished answers are deleted for good' }),
  reason: Type.Optional(Type.String({ maxLength: PURGE_REASON_MAX_LENGTH })),
});
export type PurgeInput = Static<typeof PurgeBody>;
export const PseudonymiseBody = Body({ role: Type.Optional(SubjectRole) });
export const PseudonymiseResultSchema = Type.Object({ displayName: Type.String(), pagesRewritten: Type.Integer() });

// The lists the routes answer with.
export const TemplateListSchema = Type.Array(TemplateSchema);
export const InterviewSummaryListSchema = Type.Array(InterviewSummarySchema);
export const ReadingListSchema = Type.Array(ReadingItemSchema);
