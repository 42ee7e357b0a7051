/** Full-text search over the pages the caller may read, and the synonym list (`/search`). */
import { type Static, Type } from 'typebox';
import { ClassificationKeySchema } from './classification.ts';
import { Body, Day, Nullable, Uuid } from './common.ts';
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

/** Kinds of files a page holds, from the sniffed MIME type (filter `fileType`). */
export const SEARCH_FILE_TYPES = ['pdf', 'text', 'spreadsheet', 'presentation', 'image', 'other'] as const;
export type SearchFileType = (typeof SEARCH_FILE_TYPES)[number];
export const SearchFileTypeSchema = Type.Union(SEARCH_FILE_TYPES.map((t) => Type.Literal(t)));

export const KeyCountSchema = Type.Object({ key: Type.String(), count: Type.Integer() });
export const AuthorCountSchema = Type.Object({ id: Uuid, name: Type.String(), count: Type.Integer() });

export const SearchFacetsSchema = Type.Object({
  spaces: Type.Array(FacetCountSchema),
  processes: Type.Array(FacetCountSchema),
  classifications: Type.Optional(Type.Array(KeyCountSchema, { description: 'Hits per effective classification level' })),
  authors: Type.Optional(Type.Array(AuthorCountSchema, { description: 'Hits per author (who created the page), most first, at most 20' })),
  fileTypes: Type.Optional(Type.Array(KeyCountSchema, { description: 'Hits per kind of file the page holds (a page with a PDF and an image counts in both)' })),
});
export type SearchFacets = Static<typeof SearchFacetsSchema>;

export const SearchResultSchema = Type.Object({
  hits: Type.Array(SearchHitSchema),
  facets: SearchFacetsSchema,
  /** "Meinten Sie …?": set when the query found nothing and a corrected one finds pages the caller may read. */
  correction: Type.Optional(Type.String({ description: 'A corrected query (words of the index) that has hits the caller may read; only when this query has none' })),
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
  fromStepId: Type.Optional(
    Type.String({ minLength: 1, maxLength: ELEMENT_ID_MAX_LENGTH, description: 'The step searched from (process view; needs processId): pages attached to it rank first. Does not filter.' }),
  ),
  classification: Type.Optional(ClassificationKeySchema),
  authorId: Type.Optional(Uuid),
  changedSince: Type.Optional(Day),
  fileType: Type.Optional(SearchFileTypeSchema),
  sort: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('date')], { description: 'relevance (default) or date: most recently changed first' })),
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

/** Suggestions while typing (`GET /search/suggestions`): page titles, process steps, people. */
export const SuggestionsQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: SEARCH_QUERY_MAX_LENGTH }),
  limit: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
});
export const SuggestionSchema = Type.Union([
  Type.Object({ kind: Type.Literal('page'), id: Uuid, label: Type.String(), spaceId: Uuid }),
  Type.Object({ kind: Type.Literal('step'), id: Type.String({ description: 'BPMN element id' }), label: Type.String(), processId: Uuid, processName: Type.String() }),
  Type.Object({ kind: Type.Literal('person'), id: Uuid, label: Type.String() }),
]);
export type Suggestion = Static<typeof SuggestionSchema>;
export const SuggestionsSchema = Type.Object({ suggestions: Type.Array(SuggestionSchema) });
export type Suggestions = Static<typeof SuggestionsSchema>;
