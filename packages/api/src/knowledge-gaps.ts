/** What searches did not find (`/knowledge-gaps`, `/search/misses`): "Gesucht, nicht gefunden". */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Day, Nullable, Uuid } from './common.ts';
import { GAP_DAYS_MAX, SEARCH_QUERY_MAX_LENGTH } from './limits.ts';

export const KnowledgeGapsQuery = Type.Object({
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: GAP_DAYS_MAX, default: 90, description: 'Count searches of the last this many days' })),
});

export const KnowledgeGapSchema = Type.Object({
  query: Type.String({ description: 'The query as normalised (lower case, single spaces)' }),
  count: Type.Integer({ description: 'Searches without hits or without a click on a result within the period' }),
  noHits: Type.Integer(),
  noClick: Type.Integer(),
  lastSearched: DateTime,
  weeks: Type.Array(Type.Object({ week: Day, count: Type.Integer() }), { description: 'Searches per week (Monday), oldest first, weeks with searches only' }),
  spaces: Type.Array(Type.Object({ id: Uuid, name: Type.String(), count: Type.Integer() }), { description: 'Spaces searched from (searches limited to a space)' }),
  pageId: Nullable(Uuid),
});
export type KnowledgeGap = Static<typeof KnowledgeGapSchema>;

export const KnowledgeGapListSchema = Type.Object({ days: Type.Integer(), items: Type.Array(KnowledgeGapSchema) });
export type KnowledgeGapList = Static<typeof KnowledgeGapListSchema>;

/** A search left without opening a result (sent by the search screens). */
export const SearchMissBody = Body({
  q: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }),
  spaceId: Type.Optional(Uuid),
});

/** Write the missing page: titled with the query, in a space, optionally with a responsible person. */
export const GapPageBody = Body({
  query: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }),
  spaceId: Uuid,
  responsibleId: Type.Optional(Uuid),
});
export type GapPageInput = Static<typeof GapPageBody>;
export const GapPageSchema = Type.Object({ pageId: Uuid, title: Type.String(), responsibleId: Nullable(Uuid) });

/** The knowledge managers' worklist: what is missing or overdue, in one list per kind. */
export const WorklistQuery = Type.Object({
  horizonDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, default: 180, description: 'Departures within this many days count' })),
});

export const WorklistSchema = Type.Object({
  horizonDays: Type.Integer(),
  stepsWithoutPages: Type.Array(Type.Object({ processId: Uuid, processName: Type.String(), spaceName: Type.String(), elementId: Type.String(), name: Nullable(Type.String()) })),
  pagesWithoutResponsible: Type.Array(
    Type.Object({ pageId: Uuid, title: Type.String(), spaceName: Type.String(), formerResponsible: Nullable(Type.String({ description: 'The responsible person who left' })) }),
  ),
  overdueReviews: Type.Array(Type.Object({ pageId: Uuid, title: Type.String(), spaceName: Type.String(), responsible: Type.String(), dueDate: Day })),
  interviewsNotStarted: Type.Array(
    Type.Object({ userId: Uuid, displayName: Type.String(), departureDate: Day, interviewId: Nullable(Uuid), status: Nullable(Type.Literal('planned')) }),
  ),
});
export type Worklist = Static<typeof WorklistSchema>;
