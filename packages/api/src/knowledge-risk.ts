/** The knowledge-at-risk map (`/knowledge-risk`); the formula is in server/src/knowledge-risk/README.md. */
import { type Static, Type } from 'typebox';
import { DateTime, Day, Nullable, Uuid } from './common.ts';
import { RISK_HORIZON_DEFAULT_DAYS, RISK_HORIZON_MAX_DAYS } from './limits.ts';

const NullableDay = Nullable(Day);

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
    lastEditedAt: Type.Optional(DateTime),
    days: Type.Optional(Type.Integer({ description: 'Days since the newest edit' })),
    userId: Type.Optional(Uuid),
    displayName: Type.Optional(Type.String()),
    date: Type.Optional(NullableDay),
    daysLeft: Type.Optional(Type.Integer()),
    share: Type.Optional(Type.Number({ description: 'Share of the edits on the step’s pages, 0..1' })),
  },
  { description: 'Machine-readable code with its facts, and a German text' },
);
export type RiskReason = Static<typeof RiskReasonSchema>;

export const RiskLevelSchema = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);
export type RiskLevel = Static<typeof RiskLevelSchema>;

/** Who an expert is and when they leave (null: no date planned). */
const ExpertFields = { userId: Uuid, displayName: Type.String(), active: Type.Boolean(), departureDate: NullableDay };

export const RiskExpertSchema = Type.Object({
  ...ExpertFields,
  editCount: Type.Integer(),
  pageCount: Type.Integer(),
});
export type RiskExpert = Static<typeof RiskExpertSchema>;

export const RiskStepSchema = Type.Object({
  processId: Uuid,
  processName: Type.String(),
  spaceId: Uuid,
  spaceName: Type.String(),
  elementId: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  lane: Nullable(Type.String()),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  level: RiskLevelSchema,
  pageCount: Type.Integer(),
  lastEditedAt: Nullable(DateTime),
  experts: Type.Array(RiskExpertSchema),
  reasons: Type.Array(RiskReasonSchema),
});
export type RiskStep = Static<typeof RiskStepSchema>;

export const RiskPersonSchema = Type.Object({
  ...ExpertFields,
  pageCount: Type.Integer(),
  stepCount: Type.Integer(),
  maxScore: Type.Integer(),
  interview: Type.Union([Type.Object({ id: Uuid, status: Type.String() }), Type.Null()], {
    description: 'Newest exit interview of this person; only shown to knowledge managers and admins (null otherwise)',
  }),
});
export type RiskPerson = Static<typeof RiskPersonSchema>;

export const RiskResponseSchema = Type.Object({
  horizonDays: Type.Integer(),
  generatedAt: DateTime,
  steps: Type.Array(RiskStepSchema, { description: 'Activities of live processes, highest score first' }),
  experts: Type.Array(RiskPersonSchema, { description: 'Experts of these steps who leave within the horizon (soonest first), then those who left' }),
});
export type RiskResult = Static<typeof RiskResponseSchema>;

export const RiskQuery = Type.Object({
  spaceId: Type.Optional(Uuid),
  processId: Type.Optional(Uuid),
  horizonDays: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: RISK_HORIZON_MAX_DAYS,
      default: RISK_HORIZON_DEFAULT_DAYS,
      description: 'Departures further away than this count as no risk',
    }),
  ),
});
export type RiskFilter = Static<typeof RiskQuery>;
/** The same list as CSV for spreadsheets (UTF-8 with BOM). */
export const RiskCsvSchema = { content: { 'text/csv': { schema: Type.String() } } };
