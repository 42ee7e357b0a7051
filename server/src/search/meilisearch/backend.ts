import type { Kysely } from 'kysely';
import { Meilisearch, type EnqueuedTaskPromise, type Index, type Task } from 'meilisearch';
import type { DB } from '../../db/schema.ts';
import {
  type FacetCount,
  type SearchBackend,
  type SearchDocument,
  type SearchQuery,
  type SearchResult,
  type SearchStep,
} from '../backend.ts';
import type { SynonymStore } from '../synonyms.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { queueStalePages } from '../outbox.ts';
import { buildFilter, stepKey } from './filter.ts';
import { fileTypeOf } from '../filters.ts';
import { effectiveLevels } from '../../classification/effective.ts';
import { hasHighlight, MARK_END, MARK_START, safeHighlight, stripSentinels } from '../marks.ts';
import { indexSettings } from './settings.ts';
import { meili } from './errors.ts';
import { findStale } from './stale.ts';
import { alternateSpellings } from './spellings.ts';

/** What one page looks like in the Meilisearch index. */
export interface MeiliDocument {
  pageId: string;
  spaceId: string;
  title: string;
  headings: string[];
  body: string;
  stepNames: string[];
  /** ae/oe/ue/ss spellings of the words with umlauts or ß (see spellings.ts). */
  spellings: string[];
  steps: SearchStep[];
  processIds: string[];
  stepKeys: string[];
  /** The page's files, in parallel arrays: Meilisearch highlights and crops each array item. */
  attachmentIds: string[];
  attachmentNames: string[];
  attachmentTexts: string[];
  /** Archived pages leave the index through the outbox; the flag keeps the filter explicit. */
  archived: boolean;
  /** Epoch milliseconds of the page's last change (stale detection at start, sorting, "changed since"). */
  updatedAt: number;
  /** Who created the page (author filter and facet); null when unknown. */
  authorId: string | null;
  /** Kinds of the page's files (filters.ts fileTypeOf), each once. */
  fileTypes: string[];
}

export interface MeiliOptions {
  url: string;
  key: string | null;
  /** Index uid; tests give each app its own. */
  indexUid: string;
  /** Per HTTP request. */
  requestTimeoutMs?: number;
  /** Longest wait for an indexing task before the batch counts as not done (retried later). */
  taskTimeoutMs?: number;
  log?: (message: string, err?: unknown) => void;
}

const EMPTY: SearchResult = { hits: [], facets: { spaces: [], processes: [] }, nextCursor: null };
const CROP_WORDS = 24;
const STALE_RETRY_MS = [1000, 5000, 30_000];

export function toMeiliDocument(d: SearchDocument): MeiliDocument {
  return {
    pageId: d.pageId,
    spaceId: d.spaceId,
    title: stripSentinels(d.title),
    headings: d.headings.map(stripSentinels),
    body: stripSentinels(d.body),
    stepNames: [...new Set(d.steps.map((s) => s.name).filter((n): n is string => !!n))].map(stripSentinels),
    spellings: alternateSpellings([d.title, ...d.headings, d.body, ...(d.attachments ?? []).map((a) => a.name)]),
    steps: d.steps,
    processIds: [...new Set(d.steps.map((s) => s.processId))],
    stepKeys: d.steps.map((s) => stepKey(s.processId, s.elementId)),
    attachmentIds: (d.attachments ?? []).map((a) => a.id),
    attachmentNames: (d.attachments ?? []).map((a) => stripSentinels(a.name)),
    attachmentTexts: (d.attachments ?? []).map((a) => stripSentinels(a.text)),
    archived: false,
    updatedAt: (d.updatedAt ?? new Date()).getTime(),
    authorId: d.authorId ?? null,
    fileTypes: [...new Set((d.attachments ?? []).map((a) => fileTypeOf(a.type ?? '')))],
  };
}

/**
 * Search in an external Meilisearch: settings derived from the synonym list, every write waited
 * for as a task, permissions as a filter on the caller's readable live spaces. Unreachability
 * surfaces as SearchUnavailableError (route: 503; indexer: keeps the outbox, retries).
 */
export class MeilisearchSearchBackend implements SearchBackend {
  readonly name = 'meilisearch';
  readonly #client: Meilisearch;
  readonly #taskTimeoutMs: number;
  #ready: Promise<void> | null = null;
  #settingsCurrent = false;
  #staleTimer: NodeJS.Timeout | null = null;
  #closed = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly synonyms: SynonymStore,
    private readonly options: MeiliOptions,
  ) {
    this.#client = new Meilisearch({
      host: options.url,
      ...(options.key ? { apiKey: options.key } : {}),
      timeout: options.requestTimeoutMs ?? 5000,
      defaultWaitOptions: { timeout: options.taskTimeoutMs ?? 30_000, interval: 50 },
    });
    this.#taskTimeoutMs = options.taskTimeoutMs ?? 30_000;
  }

  get indexUid(): string {
    return this.options.indexUid;
  }

  #index(uid = this.options.indexUid): Index<MeiliDocument> {
    return this.#client.index<MeiliDocument>(uid);
  }

  /** Creates the index if needed and pushes settings once per process (again after a synonym change). */
  async #ensure(): Promise<void> {
    if (this.#ready && this.#settingsCurrent) return this.#ready;
    this.#settingsCurrent = true;
    this.#ready = this.#applySettings(this.options.indexUid).catch((err) => {
      this.#ready = null;
      this.#settingsCurrent = false;
      throw err;
    });
    return this.#ready;
  }

  async #applySettings(uid: string): Promise<void> {
    await meili(async () => {
      const exists = await this.#client
        .getIndex(uid)
        .then(() => true)
        .catch((err: unknown) => {
          if ((err as { cause?: { code?: string } }).cause?.code === 'index_not_found') return false;
          throw err;
        });
      if (!exists) await this.#wait(this.#client.createIndex(uid, { primaryKey: 'pageId' }), 'index_already_exists');
      await this.#wait(this.#index(uid).updateSettings(indexSettings(await this.synonyms.effective())));
    });
  }

  /** Waits for a task and turns a failed one into an error (ignoring an expected error code). */
  async #wait(enqueued: EnqueuedTaskPromise, tolerated?: string): Promise<Task> {
    const task = await enqueued.waitTask({ timeout: this.#taskTimeoutMs });
    if (task.status === 'failed' && task.error?.code !== tolerated) {
      throw new Error(`Meilisearch task ${task.uid} (${task.type}) failed: ${task.error?.message ?? 'unknown error'}`);
    }
    return task;
  }

  /**
   * Runs a call on the live index; when the index vanished behind our back (deleted by hand,
   * Meilisearch reset), creates it with its settings again and retries once.
   */
  async #onIndex<T>(call: () => Promise<T>): Promise<T> {
    await this.#ensure();
    try {
      return await meili(call);
    } catch (err) {
      if ((err as { cause?: { code?: string } }).cause?.code !== 'index_not_found') throw err;
      this.#settingsCurrent = false;
      await this.#ensure();
      return meili(call);
    }
  }

  async index(documents: readonly SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await this.#onIndex(() => this.#wait(this.#index().addDocuments(documents.map(toMeiliDocument), { primaryKey: 'pageId' })));
  }

  async remove(pageIds: readonly string[]): Promise<void> {
    if (pageIds.length === 0) return;
    await this.#onIndex(() => this.#wait(this.#index().deleteDocuments([...pageIds])));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const offset = decodeCursor(query);
    const spaces = await this.#liveReadableSpaces(query.readable);
    if (spaces.length === 0) return EMPTY;
    const limit = query.limit;
    const response = await this.#onIndex(() =>
      this.#index().search(query.q, {
        filter: buildFilter(spaces, query),
        offset,
        // One more than asked tells whether another page follows.
        limit: limit + 1,
        facets: ['spaceId', 'processIds', 'authorId', 'fileTypes'],
        ...(query.sort === 'date' ? { sort: ['updatedAt:desc'] } : {}),
        attributesToRetrieve: ['pageId', 'spaceId', 'title', 'steps', 'attachmentIds'],
        attributesToHighlight: ['title', 'headings', 'body', 'attachmentNames', 'attachmentTexts'],
        attributesToCrop: ['body', 'headings', 'attachmentTexts'],
        cropLength: CROP_WORDS,
        cropMarker: '…',
        highlightPreTag: MARK_START,
        highlightPostTag: MARK_END,
        matchingStrategy: 'frequency',
      }),
    );
    const more = response.hits.length > limit;
    const raw = response.hits.slice(0, limit);
    // Between an archive and the indexer's removal the copy is still in Meilisearch; the
    // database has the last word (a page archived a moment ago must not show).
    const live = await this.#livePages(raw.map((h) => h.pageId));
    // A page's level is not part of its indexed copy (a change of level or of an ancestor's does
    // not re-index it): the level filter is checked against the database, so a page may be shorter.
    if (query.classification) {
      const levels = await effectiveLevels(this.db, [...live]);
      for (const id of live) if (levels.get(id) !== query.classification) live.delete(id);
    }
    const hits = raw
      .filter((h) => live.has(h.pageId))
      .map((h) => {
        const file = fileSnippetOf(h.attachmentIds ?? [], h._formatted);
        return {
          pageId: h.pageId,
          title: h.title,
          snippet: file?.snippet ?? snippetOf(h._formatted),
          spaceId: h.spaceId,
          steps: h.steps ?? [],
          ...(file ? { attachment: file.attachment } : {}),
        };
      });
    return {
      hits,
      facets: {
        spaces: facetCounts(response.facetDistribution?.spaceId, spaces),
        processes: facetCounts(response.facetDistribution?.processIds),
      },
      nextCursor: more ? encodeCursor(query, offset + limit) : null,
      refining: {
        authors: await this.#authorCounts(response.facetDistribution?.authorId),
        fileTypes: facetCounts(response.facetDistribution?.fileTypes).map((f) => ({ key: f.id, count: f.count })),
      },
    };
  }

  /**
   * Builds a fresh index beside the live one and swaps them, so search keeps answering during
   * a rebuild and a failed rebuild leaves the old index in place.
   */
  async reindex(source: AsyncIterable<readonly SearchDocument[]>, onBatch?: (count: number) => void): Promise<number> {
    const live = this.options.indexUid;
    const next = `${live}_rebuild`;
    await meili(async () => {
      await this.#client.deleteIndexIfExists(next);
      await this.#applySettings(next);
    });
    let total = 0;
    for await (const batch of source) {
      await meili(() => this.#wait(this.#index(next).addDocuments(batch.map(toMeiliDocument), { primaryKey: 'pageId' })));
      total += batch.length;
      onBatch?.(batch.length);
    }
    await meili(async () => {
      // The live index may not exist yet (first start): create it so the swap has a partner.
      await this.#applySettings(live);
      await this.#wait(this.#client.swapIndexes([{ indexes: [live, next], rename: false }]));
      await this.#client.deleteIndexIfExists(next);
    });
    this.#settingsCurrent = false;
    return total;
  }

  async synonymsChanged(): Promise<void> {
    this.#settingsCurrent = false;
    try {
      await this.#ensure();
    } catch (err) {
      // Stored in the database already; the next index or search call pushes the settings.
      this.options.log?.('could not push synonyms to Meilisearch; will retry with the next call', err);
    }
  }

  /**
   * Compares the index with the pages (ids and change times) and queues what differs. When
   * Meilisearch is down at start, tries again in the background until it answers.
   */
  async queueStale(): Promise<number> {
    try {
      return await this.#queueStaleNow();
    } catch (err) {
      this.options.log?.('Meilisearch stale check failed; trying again later', err);
      this.#retryStale(0);
      return 0;
    }
  }

  async #queueStaleNow(): Promise<number> {
    await this.#ensure();
    return queueStalePages(this.db, await findStale(this.db, this.#index()));
  }

  #retryStale(attempt: number): void {
    if (this.#closed || this.#staleTimer) return;
    const delay = STALE_RETRY_MS[Math.min(attempt, STALE_RETRY_MS.length - 1)]!;
    this.#staleTimer = setTimeout(async () => {
      this.#staleTimer = null;
      try {
        await this.#queueStaleNow();
      } catch {
        this.#retryStale(attempt + 1);
      }
    }, delay);
    this.#staleTimer.unref();
  }

  /** Health answers within a second and a half even when Meilisearch hangs. */
  async available(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), 1500)));
    try {
      return await Promise.race([this.#client.health().then((h) => h.status === 'available'), timeout]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#staleTimer) clearTimeout(this.#staleTimer);
    this.#staleTimer = null;
  }

  /** The caller's readable spaces that are not archived (archiving takes effect at once). */
  async #liveReadableSpaces(readable: SearchQuery['readable']): Promise<string[]> {
    if (readable !== 'all' && readable.length === 0) return [];
    let q = this.db.selectFrom('spaces').select('id').where('archived_at', 'is', null);
    if (readable !== 'all') q = q.where('id', 'in', [...readable]);
    return (await q.execute()).map((r) => r.id);
  }

  /** The author facet with names, most hits first, at most 20 (as the PostgreSQL backend's). */
  async #authorCounts(distribution: Record<string, number> | undefined): Promise<{ id: string; name: string; count: number }[]> {
    const counts = facetCounts(distribution).slice(0, 20);
    if (counts.length === 0) return [];
    const names = new Map(
      (await this.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', counts.map((c) => c.id)).execute()).map((u) => [u.id, u.display_name]),
    );
    return counts.filter((c) => names.has(c.id)).map((c) => ({ id: c.id, name: names.get(c.id)!, count: c.count }));
  }

  async #livePages(pageIds: string[]): Promise<Set<string>> {
    if (pageIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('pages')
      .innerJoin('spaces', 'spaces.id', 'pages.space_id')
      .select('pages.id')
      .where('pages.id', 'in', pageIds)
      .where('pages.archived_at', 'is', null)
      .where('spaces.archived_at', 'is', null)
      .execute();
    return new Set(rows.map((r) => r.id));
  }
}

/** The body excerpt around the best match; a matching heading when the body has none. */
export function snippetOf(formatted: Partial<MeiliDocument> | undefined): string {
  const body = typeof formatted?.body === 'string' ? formatted.body : '';
  if (hasHighlight(body)) return safeHighlight(body);
  const heading = (formatted?.headings ?? []).find((h) => typeof h === 'string' && hasHighlight(h));
  if (heading) return safeHighlight(body ? `${heading} — ${body}` : heading);
  return safeHighlight(body);
}

/**
 * When neither the body nor a heading matched but a file of the page did: the excerpt of the
 * first matching file (its text, else its name) and which file it is.
 */
export function fileSnippetOf(
  ids: readonly string[],
  formatted: Partial<MeiliDocument> | undefined,
): { snippet: string; attachment: { id: string; name: string } } | null {
  const own = [formatted?.body, ...(formatted?.headings ?? [])];
  if (own.some((t) => typeof t === 'string' && hasHighlight(t))) return null;
  const names = formatted?.attachmentNames ?? [];
  const texts = formatted?.attachmentTexts ?? [];
  for (let i = 0; i < ids.length; i++) {
    const name = typeof names[i] === 'string' ? names[i]! : '';
    const text = typeof texts[i] === 'string' ? texts[i]! : '';
    if (!hasHighlight(text) && !hasHighlight(name)) continue;
    const plainName = name.replace(/[\uE000\uE001]/g, '');
    return { snippet: safeHighlight(hasHighlight(text) || !name ? text : name), attachment: { id: ids[i]!, name: plainName } };
  }
  return null;
}

/** Facet counts, most first; spaces restricted to the readable ones as a second guard. */
export function facetCounts(distribution: Record<string, number> | undefined, allowed?: readonly string[]): FacetCount[] {
  const keep = allowed ? new Set(allowed) : null;
  return Object.entries(distribution ?? {})
    .filter(([id, count]) => count > 0 && (!keep || keep.has(id)))
    .map(([id, count]) => ({ id, count }))
    .sort((a, b) => b.count - a.count || a.id.localeCompare(b.id));
}
