import { Type } from 'typebox';

/** Response schemas of the review routes. */
const Id = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const PersonSchema = Type.Object({
  id: Id,
  displayName: Type.String(),
  active: Type.Boolean(),
  departureDate: Nullable(Day),
  left: Type.Boolean({ description: 'Deactivated, or the planned departure date has passed' }),
});

export const ProposalSchema = Type.Object({
  userId: Id,
  displayName: Type.String(),
  basis: Type.Union([Type.Literal('contributor'), Type.Literal('space-owner')], {
    description: 'contributor: most edits among the authors still here; space-owner: none of the authors is left',
  }),
  editCount: Type.Integer(),
});

export const ReviewSchema = Type.Object({
  pageId: Id,
  responsible: Nullable(PersonSchema),
  intervalDays: Nullable(Type.Integer()),
  lastReviewedAt: Nullable(Time),
  lastConfirmedAt: Nullable(Time),
  lastConfirmedBy: Nullable(Id),
  dueDate: Nullable(Day),
  overdue: Type.Boolean(),
  proposal: Nullable(ProposalSchema),
  permissions: Type.Object({ canConfigure: Type.Boolean(), canConfirm: Type.Boolean() }),
});

export const DueReviewSchema = Type.Object({
  pageId: Id,
  title: Type.String(),
  spaceId: Id,
  spaceName: Type.String(),
  intervalDays: Type.Integer(),
  lastReviewedAt: Time,
  dueDate: Day,
  overdue: Type.Boolean(),
});

export const ReviewGapSchema = Type.Object({
  pageId: Id,
  title: Type.String(),
  spaceId: Id,
  spaceName: Type.String(),
  responsible: Nullable(PersonSchema),
  proposal: Nullable(ProposalSchema),
});
