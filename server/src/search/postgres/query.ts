import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SearchQuery, SearchResult, SearchStep } from '../backend.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { QueryPlan } from './plan.ts';
import { hasMatch, queryLexemes, snippetWindows } from '../snippet.ts';

/**
 * Ranking runs over a capped candidate set: the documents whose title matches, a slice of
 * those matching every word, and a slice per word (so a rare word's documents are always in).
 * Ranking every hit of a frequent term would cost ~0.5 s at 100k pages and block PGlite.
 */
export const CANDIDATES = { title: 100, all: 250, perGroupTitle: 50, perGroup: 120 };

/** Weights of ts_rank for D, C, B, A (body C, headings B, title A). */
const WEIGHTS = '{0.05, 0.25, 0.5, 1.0}';
/** ts_rank saturates through s / (s + K): more occurrences help, but with diminishing returns. */
const K = 0.04;
/** A word found in the title counts this much on top of its saturated rank (at most 1). */
const TITLE_BONUS = 0.6;
const TIER = { exact: 1, same: 0.85, related: 0.45 };
/**
 * A title that says what the query says (every word of the query found in it, few other
 * words) is the page the query means: up to this factor over a long page that merely mentions
 * every word once.
 */
const TITLE_MEANING = 0.5;
/** Gentle boosts: a page changed recently (decaying over a year), one confirmed within its review interval. */
const RECENCY = 0.06;
const RECENCY_DAYS = 365;
const REVIEWED = 0.05;

interface Row {
  page_id: string;
  space_id: string;
  title: string;
  steps: SearchStep[];
  body: string;
  headings: string;
  attachments: { id: string; name: string; text: string }[] | null;
  total: number;
  space_facets: { id: string; count: number }[] | null;
  process_facets: { id: string; count: number }[] | null;
}

export async function runSearch(db: Kysely<DB>, plan: QueryPlan, query: SearchQuery, documentCount: number): Promise<SearchResult> {
  const empty: SearchResult = { hits: [], facets: { spaces: [], processes: [] }, nextCursor: null };
  const offset = decodeCursor(query);
  if (plan.groups.length === 0 || (query.readable !== 'all' && query.readable.length === 0)) return empty;

  const filters = filterSql(query);
  const n = plan.groups.length;
  const all = plan.groups.map((g) => `(${[g.exact, g.same, g.related].filter(Boolean).join(' | ')})`).join(' & ');
  const pick = (column: 'title_tsv' | 'tsv', q: string, limit: number) =>
    sql`(SELECT d.page_id FROM search_documents d WHERE d.${sql.ref(column)} @@ ${q}::tsquery AND ${filters} LIMIT ${limit})`;
  const picks: RawBuilder<unknown>[] = [pick('title_tsv', all, CANDIDATES.title), pick('tsv', all, CANDIDATES.all)];
  if (n > 1) {
    for (const g of plan.groups) {
      const q = [g.exact, g.same, g.related].filter(Boolean).join(' | ');
      picks.push(pick('title_tsv', q, CANDIDATES.perGroupTitle), pick('tsv', q, CANDIDATES.perGroup));
    }
  }

  // Rarer words weigh more (idf); each word's best tier counts once, saturated.
  const ranks = plan.groups.map((g, i) => {
    const tiers = (['exact', 'same', 'related'] as const)
      .filter((tier) => g[tier])
      .map(
        (tier) => sql`${TIER[tier]}::float8 * (
          (SELECT r / (r + ${K}::float8) FROM (SELECT ts_rank(${WEIGHTS}::float4[], d.tsv, ${g[tier]}::tsquery, 1)::float8 AS r) x)
          + CASE WHEN d.title_tsv @@ ${g[tier]}::tsquery THEN ${TITLE_BONUS}::float8 ELSE 0 END)`,
      );
    return sql`${tiers.length === 1 ? tiers[0]! : sql`GREATEST(${sql.join(tiers)})`} AS ${sql.ref(`r${i}`)}`;
  });
  const score = sql.join(
    plan.groups.map((g, i) => {
      // Damped: a rare but unimportant word ("kostet") must not outweigh the word in the title.
      const idf = Math.sqrt(Math.log(1 + (documentCount + 1) / (g.df + 1)));
      return sql`${idf}::float8 * ${sql.ref(`r${i}`)}`;
    }),
    sql` + `,
  );
  const matched = sql.join(plan.groups.map((_, i) => sql`(${sql.ref(`r${i}`)} > 0)::int`), sql` + `);
  // Every group found in the title; its share of the title's words says how much else the title is about.
  const titleMeant = plan.groups.map((g) => `(${[g.exact, g.same].filter(Boolean).join(' | ') || g.related})`).join(' & ');
  const titleMeaning = sql`CASE WHEN d.title_tsv @@ ${titleMeant}::tsquery
    THEN ${TITLE_MEANING}::float8 * least(1, ${n}::float8 / greatest(1, length(to_tsvector('german', d.title))))
    ELSE 0 END AS title_meaning`;
  const freshness = sql`(1 + ${RECENCY}::float8 * exp(-greatest(0, extract(epoch FROM now() - coalesce(p.content_updated_at, p.updated_at)) / 86400) / ${RECENCY_DAYS}::float8)
    + CASE WHEN rv.last_confirmed_at IS NOT NULL AND rv.last_confirmed_at + make_interval(days => rv.interval_days) > now() THEN ${REVIEWED}::float8 ELSE 0 END) AS freshness`;
  const minMatch = n <= 2 ? 1 : n - Math.floor(n / 3);
  const limit = query.limit;

  const result = await sql<Row>`
    WITH cand AS (${sql.join(picks, sql` UNION `)}),
    ranked AS MATERIALIZED (
      SELECT d.page_id, d.space_id, d.title, d.steps, d.process_ids, d.body, d.headings, ${sql.join(ranks)}, ${titleMeaning}, ${freshness}
      FROM cand JOIN search_documents d USING (page_id)
        JOIN pages p ON p.id = d.page_id
        LEFT JOIN page_reviews rv ON rv.page_id = d.page_id
    ),
    scored AS (
      SELECT ranked.*, ${score} AS score, ${matched} AS matched FROM ranked
    ),
    hits AS MATERIALIZED (
      SELECT *, score * power(matched::float8 / ${n}, 2) * (1 + title_meaning) * freshness AS rank FROM scored WHERE matched >= ${minMatch}
    ),
    page AS (
      SELECT * FROM hits ORDER BY rank DESC, page_id LIMIT ${limit + 1} OFFSET ${offset}
    )
    SELECT page.page_id, page.space_id, page.title, page.steps, page.body, page.headings,
      (SELECT x.attachments FROM search_documents x WHERE x.page_id = page.page_id) AS attachments,
      (SELECT count(*)::int FROM hits) AS total,
      (SELECT json_agg(json_build_object('id', space_id, 'count', c) ORDER BY c DESC, space_id)
        FROM (SELECT space_id, count(*)::int AS c FROM hits GROUP BY space_id) f) AS space_facets,
      (SELECT json_agg(json_build_object('id', pid, 'count', c) ORDER BY c DESC, pid)
        FROM (SELECT pid, count(*)::int AS c FROM hits, unnest(hits.process_ids) AS pid GROUP BY pid) f) AS process_facets
    FROM page ORDER BY page.rank DESC, page.page_id`.execute(db);

  const rows = result.rows;
  if (rows.length === 0) {
    // The page may be past the end while there are hits: facets still describe the whole set.
    return offset === 0 ? empty : { ...empty, facets: await facetsOnly() };
  }
  const first = rows[0]!;
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const snippets = await highlight(db, plan, pageRows);
  return {
    hits: pageRows.map((r, i) => ({
      pageId: r.page_id,
      title: r.title,
      snippet: renderSnippet(snippets[i]!.text),
      spaceId: r.space_id,
      steps: r.steps,
      ...(snippets[i]!.attachment ? { attachment: snippets[i]!.attachment } : {}),
    })),
    facets: { spaces: first.space_facets ?? [], processes: first.process_facets ?? [] },
    nextCursor: more ? encodeCursor(query, offset + limit) : null,
  };

  async function facetsOnly() {
    const again = await runSearch(db, plan, { ...query, cursor: undefined, limit: 1 }, documentCount);
    return again.facets;
  }
}

/**
 * Snippets: windows of the body around the matches (chosen in snippet.ts), highlighted by
 * ts_headline with the real query; matching headings when the body has no match; when neither
 * the body nor a heading matches, windows of the first file whose name or text does (the hit
 * then names that file).
 */
async function highlight(db: Kysely<DB>, plan: QueryPlan, rows: Row[]): Promise<{ text: string; attachment?: { id: string; name: string } }[]> {
  const lexemes = queryLexemes(plan.any);
  const texts = rows.map((r) => {
    const windows = snippetWindows(r.body, lexemes);
    const headings = r.headings.split('\n').filter((h) => hasMatch(h, lexemes));
    const bodyMatches = windows.some((w) => hasMatch(w, lexemes));
    if (!bodyMatches && headings.length === 0) {
      for (const file of r.attachments ?? []) {
        const fileWindows = snippetWindows(file.text, lexemes);
        if (fileWindows.some((w) => hasMatch(w, lexemes)) || hasMatch(file.name, lexemes)) {
          return { body: fileWindows.join(' ') || file.name, headings: '', attachment: { id: file.id, name: file.name } };
        }
      }
    }
    return { body: windows.join(' '), headings: headings.join(' … '), attachment: undefined };
  });
  if (texts.length === 0) return [];
  const result = await sql<{ body: string | null; headings: string | null }>`
    SELECT ts_headline('german', b, ${plan.any}::tsquery, E'StartSel=\\uE000, StopSel=\\uE001, HighlightAll=true') AS body,
           ts_headline('german', h, ${plan.any}::tsquery, E'StartSel=\\uE000, StopSel=\\uE001, HighlightAll=true') AS headings
    FROM unnest(${texts.map((t) => t.body)}::text[], ${texts.map((t) => t.headings)}::text[]) WITH ORDINALITY AS x(b, h, n)
    ORDER BY n`.execute(db);
  return result.rows.map((r, i) => {
    const attachment = texts[i]!.attachment;
    const body = r.body ?? '';
    if (attachment) return { text: body, attachment };
    if (body.includes('\uE000') || !r.headings?.includes('\uE000')) return { text: body };
    return { text: r.headings };
  });
}

/** Escapes the text for HTML, then turns the highlight markers into <mark>. */
export function renderSnippet(raw: string): string {
  return raw
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll('\uE000', '<mark>')
    .replaceAll('\uE001', '</mark>');
}

/**
 * Permission and scope filters, applied inside every candidate query (before ranking and
 * pagination). The joins with pages and spaces make a page vanish from search the moment it
 * is archived, deleted or its space archived, even before the indexer has caught up.
 */
function filterSql(query: SearchQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`EXISTS (SELECT 1 FROM pages p JOIN spaces s ON s.id = p.space_id
      WHERE p.id = d.page_id AND p.space_id = d.space_id AND p.archived_at IS NULL AND s.archived_at IS NULL)`,
  ];
  if (query.readable !== 'all') parts.push(sql`d.space_id = ANY(${[...query.readable]}::uuid[])`);
  if (query.spaceId) parts.push(sql`d.space_id = ${query.spaceId}::uuid`);
  if (query.processId) parts.push(sql`d.process_ids @> ARRAY[${query.processId}::uuid]`);
  if (query.processId && query.stepId) parts.push(sql`d.step_keys @> ARRAY[${`${query.processId}:${query.stepId}`}::text]`);
  return sql.join(parts, sql` AND `);
}
