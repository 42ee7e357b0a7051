import { Type } from 'typebox';

/** Response schemas of the knowledge-at-risk routes. */
const Id = Type.String({ format: 'uuid' });
const NullableDate = Type.Union([Type.String({ format: 'date' }), Type.Null()]);

export const RiskReasonSchema = Type.Object(
  {
    code: Type.Union([
      Type.Literal('no-pages'),
      Type.Literal('few-pages'),
      Type.Literal('stale-pages'),
      Type.Literal('expert-leaving'),
      Type.Literal('expert-left'),
      Type.Literal('single-expert'),
    ]),
    text: Type.String({ description: 'German explanation for people' }),
    pageCount: Type.Optional(Type.Integer()),
    lastEditedAt: Type.Optional(Type.String({ format: 'date-time' })),
    days: Type.Optional(Type.Integer({ description: 'Days since the newest edit' })),
    userId: Type.Optional(Id),
    displayName: Type.Optional(Type.String()),
    date: Type.Optional(NullableDate),
    daysLeft: Type.Optional(Type.Integer()),
    share: Type.Optional(Type.Number({ description: 'Share of the edits on the step’s pages, 0..1' })),
  },
  { description: 'Machine-readable code with its facts, and a German text' },
);

export const RiskExpertSchema = Type.Object({
  userId: Id,
  displayName: Type.String(),
  active: Type.Boolean(),
  departureDate: NullableDate,
  editCount: Type.Integer(),
  pageCount: Type.Integer(),
});

export const RiskStepSchema = Type.Object({
  processId: Id,
  processName: Type.String(),
  spaceId: Id,
  spaceName: Type.String(),
  elementId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  lane: Type.Union([Type.String(), Type.Null()]),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  level: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]),
  pageCount: Type.Integer(),
  lastEditedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  experts: Type.Array(RiskExpertSchema),
  reasons: Type.Array(RiskReasonSchema),
});

export const RiskPersonSchema = Type.Object({
  userId: Id,
  displayName: Type.String(),
  active: Type.Boolean(),
  departureDate: NullableDate,
  pageCount: Type.Integer(),
  stepCount: Type.Integer(),
  maxScore: Type.Integer(),
  interview: Type.Union([Type.Object({ id: Id, status: Type.String() }), Type.Null()], {
    description: 'Newest exit interview of this person; only shown to knowledge managers and admins (null otherwise)',
  }),
});

export const RiskResponseSchema = Type.Object({
  horizonDays: Type.Integer(),
  generatedAt: Type.String({ format: 'date-time' }),
  steps: Type.Array(RiskStepSchema, { description: 'Activities of live processes, highest score first' }),
  experts: Type.Array(RiskPersonSchema, { description: 'Experts of these steps who leave within the horizon (soonest first), then those who left' }),
});

export const RiskQuery = Type.Object({
  spaceId: Type.Optional(Type.String({ format: 'uuid' })),
  processId: Type.Optional(Type.String({ format: 'uuid' })),
  horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 180, description: 'Departures further away than this count as no risk' })),
});
