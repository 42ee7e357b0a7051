/** Responsible persons and review dates of pages (`/pages/:id/review`, `/reviews`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Day, Nullable, Uuid } from './common.ts';
import { REVIEW_INTERVAL_MAX_DAYS } from './limits.ts';

export const ReviewPersonSchema = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  active: Type.Boolean(),
  departureDate: Nullable(Day),
  left: Type.Boolean({ description: 'Deactivated, or the planned departure date has passed' }),
});
export type ReviewPerson = Static<typeof ReviewPersonSchema>;

export const ProposalSchema = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  basis: Type.Union([Type.Literal('contributor'), Type.Literal('space-owner')], {
    description: 'contributor: most edits among the authors still here; space-owner: none of the authors is left',
  }),
  editCount: Type.Integer(),
});
export type Proposal = Static<typeof ProposalSchema>;

export const ReviewSchema = Type.Object({
  pageId: Uuid,
  responsible: Nullable(ReviewPersonSchema),
  intervalDays: Nullable(Type.Integer()),
  lastReviewedAt: Nullable(DateTime),
  lastConfirmedAt: Nullable(DateTime),
  lastConfirmedBy: Nullable(Uuid),
  dueDate: Nullable(Day),
  overdue: Type.Boolean(),
  proposal: Nullable(ProposalSchema),
  permissions: Type.Object({ canConfigure: Type.Boolean(), canConfirm: Type.Boolean() }),
});
export type Review = Static<typeof ReviewSchema>;

/** The page a listed review is about, with its space for the list's second line. */
const ReviewedPage = { pageId: Uuid, title: Type.String(), spaceId: Uuid, spaceName: Type.String() };

/** A step of a process that a new version removed while this page was attached to it. */
export const RemovedStepSchema = Type.Object({
  processId: Uuid,
  processName: Type.String(),
  elementId: Type.String(),
  stepName: Nullable(Type.String()),
  version: Type.Integer({ description: 'The version that removed the step' }),
  flaggedAt: DateTime,
});
export type RemovedStep = Static<typeof RemovedStepSchema>;

export const DueReviewSchema = Type.Object({
  ...ReviewedPage,
  reasons: Type.Array(Type.Union([Type.Literal('interval'), Type.Literal('step-removed')]), {
    description: 'interval: the review interval ran out; step-removed: a process version removed a step the page is attached to',
  }),
  intervalDays: Nullable(Type.Integer({ description: 'null when the page has no review setting (listed for a removed step only)' })),
  lastReviewedAt: Nullable(DateTime),
  dueDate: Day,
  overdue: Type.Boolean(),
  removedSteps: Type.Array(RemovedStepSchema),
});
export type DueReview = Static<typeof DueReviewSchema>;

export const ReviewGapSchema = Type.Object({
  ...ReviewedPage,
  responsible: Nullable(ReviewPersonSchema),
  proposal: Nullable(ProposalSchema),
});
export type ReviewGap = Static<typeof ReviewGapSchema>;

/** `responsibleId` null clears the setting; at least one field (checked by the server). */
export const ConfigureReviewBody = Body({
  responsibleId: Type.Optional(Nullable(Uuid)),
  intervalDays: Type.Optional(Type.Integer({ minimum: 1, maximum: REVIEW_INTERVAL_MAX_DAYS })),
});
export type ConfigureReviewInput = Static<typeof ConfigureReviewBody>;

export const DueReviewsQuery = Type.Object({
  withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 0, description: 'Also list reviews due within this many days' })),
});

// The lists the routes answer with.
export const DueReviewListSchema = Type.Array(DueReviewSchema);
export const ReviewGapListSchema = Type.Array(ReviewGapSchema);
