/**
 * The search interface: the PostgreSQL backend (embedded default) and the Meilisearch backend
 * implement it; the outbox indexer feeds whichever is configured with the same documents.
 */

/** A process step a page is attached to. */
export interface SearchStep {
  processId: string;
  elementId: string;
  name: string | null;
}

/** A file of a page: its name and extracted text (server/src/files/text) are searchable with the page. */
export interface SearchAttachment {
  id: string;
  name: string;
  /** Empty when the file has no text (an image) or it could not be read. */
  text: string;
  /** The sniffed MIME type (the file-type filter). */
  type?: string;
}

/** What a backend stores of one live page. */
export interface SearchDocument {
  pageId: string;
  spaceId: string;
  title: string;
  headings: string[];
  /** Plain text of the page body. */
  body: string;
  steps: SearchStep[];
  /** The page's live files, oldest first; weighted below the page's own text. */
  attachments?: SearchAttachment[];
  /** When the page last changed (title, place or content); lets a backend spot stale copies. */
  updatedAt?: Date;
  /** Who created the page (the author filter); null when unknown. */
  authorId?: string | null;
}

export interface SearchQuery {
  q: string;
  /** Spaces the caller may read; filtering happens inside the backend's query. */
  readable: readonly string[] | 'all';
  spaceId?: string | undefined;
  processId?: string | undefined;
  /** BPMN element id; only together with processId. */
  stepId?: string | undefined;
  limit: number;
  /** Opaque, from a previous result's nextCursor. */
  cursor?: string | undefined;
  /** Refining filters (filters.ts): the page's effective level, its author, changed since (a day), a kind of file it holds. */
  classification?: string | undefined;
  authorId?: string | undefined;
  changedSince?: string | undefined;
  fileType?: string | undefined;
  /** relevance (default) or date: most recently changed first. */
  sort?: 'relevance' | 'date' | undefined;
  /**
   * The process step searched from (process view): pages attached to it rank first, the rest
   * keep their order. Does not filter; needs processId.
   */
  preferStepId?: string | undefined;
}

export interface SearchHit {
  pageId: string;
  title: string;
  /** HTML-escaped text with matches wrapped in <mark>…</mark>. */
  snippet: string;
  spaceId: string;
  steps: SearchStep[];
  /** Set when the snippet comes from a file of the page (the match is inside the file). */
  attachment?: { id: string; name: string };
}

import type { RefiningFacets } from './facets.ts';

export interface FacetCount {
  id: string;
  count: number;
}

export interface SearchResult {
  hits: SearchHit[];
  facets: { spaces: FacetCount[]; processes: FacetCount[] };
  nextCursor: string | null;
  /** Every hit's page id (not only this page's), for the refining facets (facets.ts). */
  pageIds?: string[];
  /** Refining facets a backend counted itself (Meilisearch); otherwise counted from pageIds. */
  refining?: Partial<RefiningFacets>;
}

export interface SearchBackend {
  /** Shown by the health route ("postgres", "meilisearch"). */
  readonly name: string;
  /** Adds or replaces documents; idempotent. */
  index(documents: readonly SearchDocument[]): Promise<void>;
  /** Removes documents; ids that are not indexed are ignored. */
  remove(pageIds: readonly string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * "Meinten Sie …?": the query with unknown words replaced by close known ones, in spellings
   * from pages in `readable` only; null when there is nothing to correct.
   */
  correct?(q: string, readable: readonly string[] | 'all'): Promise<string | null>;
  /** Replaces the whole index with the documents from `source`; returns how many were indexed. */
  reindex(source: AsyncIterable<readonly SearchDocument[]>, onBatch?: (count: number) => void): Promise<number>;
  /** The effective synonym groups changed (backends that keep them in their own settings). */
  synonymsChanged?(groups: readonly (readonly string[])[]): Promise<void>;
  /**
   * Queues pages whose indexed copy is missing, older than the page, or of a page that is gone
   * (changes made while no indexer ran); returns how many were queued.
   */
  queueStale?(): Promise<number>;
  /** Whether the backend answers now (external services); embedded backends omit it. */
  available?(): Promise<boolean>;
  /** Releases timers and connections. */
  close?(): Promise<void>;
}

/**
 * The search service is unreachable or not answering in time. Search answers 503; the indexer
 * keeps the outbox rows (without blaming single pages) and tries again with backoff.
 */
export class SearchUnavailableError extends Error {}

/** Thrown for a malformed or stale cursor; the route answers 400. */
export class InvalidCursorError extends Error {}
