/** Full-text search over the pages the caller may read, and the synonym list (`/search`). */
import { type Static, Type } from 'typebox';
import { ClassificationKeySchema } from './classification.ts';
import { Body, Nullable, Uuid } from './common.ts';
import { ELEMENT_ID_MAX_LENGTH, SEARCH_QUERY_MAX_LENGTH, SYNONYM_TERM_MAX_LENGTH } from './limits.ts';

export const SearchStepSchema = Type.Object({ processId: Uuid, elementId: Type.String(), name: Nullable(Type.String()) });
export type SearchStep = Static<typeof SearchStepSchema>;

export const SearchHitSchema = Type.Object({
  pageId: Uuid,
  title: Type.String(),
  snippet: Type.String({ description: 'HTML-escaped excerpt; matches wrapped in <mark>' }),
  spaceId: Uuid,
  steps: Type.Array(SearchStepSchema),
  attachment: Type.Optional(
    Type.Object({ id: Uuid, name: Type.String() }, { description: 'Set when the match is inside a file of the page: the snippet comes from that file' }),
  ),
  /** The page's effective classification level. */
  classification: ClassificationKeySchema,
});
export type SearchHit = Static<typeof SearchHitSchema>;

export const FacetCountSchema = Type.Object({ id: Uuid, count: Type.Integer() });
export type FacetCount = Static<typeof FacetCountSchema>;

export const SearchResultSchema = Type.Object({
  hits: Type.Array(SearchHitSchema),
  facets: Type.Object({ spaces: Type.Array(FacetCountSchema), processes: Type.Array(FacetCountSchema) }),
  nextCursor: Nullable(Type.String()),
});
export type SearchResult = Static<typeof SearchResultSchema>;

export const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }),
  spaceId: Type.Optional(Uuid),
  processId: Type.Optional(Uuid),
  stepId: Type.Optional(Type.String({ minLength: 1, maxLength: ELEMENT_ID_MAX_LENGTH, description: 'BPMN element id; needs processId' })),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
  suggest: Type.Optional(
    Type.Boolean({
      description: 'Suggestions (quick switcher): leaves out strictly confidential pages of spaces the caller is not a member of; a page of hits may then be shorter than limit',
    }),
  ),
});

export const SynonymsSchema = Type.Object({
  shipped: Type.Array(Type.Array(Type.String()), { description: 'The list shipped with Stafette (read-only)' }),
  groups: Type.Array(Type.Array(Type.String()), { description: 'Groups added by administrators' }),
});
export type Synonyms = Static<typeof SynonymsSchema>;

const Term = Type.String({ minLength: 1, maxLength: SYNONYM_TERM_MAX_LENGTH });
export const SynonymsBody = Body({ groups: Type.Array(Type.Array(Term, { minItems: 2, maxItems: 20 }), { maxItems: 5000 }) });
