/** The state at a glance (`/dashboard`): the figures behind the management dashboard's charts. */
import { type Static, Type } from 'typebox';
import { Day, Uuid } from './common.ts';

const Count = Type.Integer({ minimum: 0 });

export const CoveragePointSchema = Type.Object({
  day: Day,
  steps: Type.Integer({ minimum: 0, description: 'Activities of the current versions of live processes in live spaces' }),
  documented: Type.Integer({ minimum: 0, description: 'Of those, the ones with at least one live page attached' }),
});
export type CoveragePoint = Static<typeof CoveragePointSchema>;

export const OfficeRiskSchema = Type.Object({
  spaceId: Uuid,
  name: Type.String(),
  within6Months: Type.Integer({ minimum: 0, description: 'Steps whose page authors or named contacts leave within 6 months (182 days)' }),
  within12Months: Type.Integer({ minimum: 0, description: 'The same within 12 months (365 days); includes the 6 months' }),
});

export const OfficeReviewsSchema = Type.Object({ spaceId: Uuid, name: Type.String(), onTime: Count, overdue: Count });

export const DashboardSchema = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  coverage: Type.Array(CoveragePointSchema, { description: 'One point per day a snapshot was taken (last 365 days), oldest first; today is always the live figure' }),
  risk: Type.Array(OfficeRiskSchema, { description: 'Offices (spaces) with steps at risk within 12 months, most first' }),
  reviews: Type.Array(OfficeReviewsSchema, { description: 'Pages with a present responsible person: within the review interval or past it, per office' }),
  interviews: Type.Object({ planned: Count, running: Count, done: Count }, { description: 'Exit interviews by state (running: in progress or in review; done: completed)' }),
  gaps: Type.Array(Type.Object({ query: Type.String(), count: Count }), { description: 'Most searched without an answer in the last 90 days (shown gaps without a page yet), top 10' }),
});
export type Dashboard = Static<typeof DashboardSchema>;
