import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SearchQuery, SearchResult, SearchStep } from '../backend.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { type QueryGroup, type QueryPlan, startsWith } from './plan.ts';
import { hasMatch, queryLexemes, snippetWindows, type WordMatcher, wordMatcher } from '../snippet.ts';
import { refiningFilters } from '../filters.ts';
import { VOCABULARY_VERSION } from './store.ts';
import { K, TITLE_BONUS, TITLE_MEANING, WEIGHTS } from './ranking.ts';
import { orOperands } from './title-terms.ts';
import { highlighter } from './highlight.ts';
import { hasHighlight, safeHighlight } from '../marks.ts';
import { GENERIC_PLAN } from '../../db/generic-plans.ts';

/**
 * Ranking runs over a capped candidate set: the documents whose title matches, a slice of
 * those matching every word, and a slice per word (so a rare word's documents are always in).
 * Ranking every hit of a frequent term would cost ~0.5 s at 100k pages and block PGlite.
 */
export const CANDIDATES = { title: 100, all: 250, allBesideBestTitles: 100, perGroupTitle: 50, perGroup: 120, perGroupRareDf: 240 };

/** A word in at least this share of the documents is looked for by reading the table (see `matches`). */
const FREQUENT_SHARE = 0.2;

const TIER = { exact: 1, same: 0.85, related: 0.45 };
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
  space_facets: { id: string; count: number }[] | null;
  process_facets: { id: string; count: number }[] | null;
  /** The ids of all hits, comma-separated: one string to read, where a uuid[] took 0.14 ms to parse. */
  page_ids: string | null;
  version: string | null;
}

/**
 * Readies the connection a search runs on (pinned for the whole search) and reads the
 * vocabulary's version, in one round trip. A frequent word's pick reads the table in order until
 * its cap; with synchronised scans (PostgreSQL, tables over a quarter of shared_buffers, 100,000
 * pages here) it started where the previous scan had stopped, so the same query ranked another
 * slice of pages each time. The setting stays with the pooled connection; it only decides where
 * a sequential scan starts.
 */
export async function openSearchSession(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string }>`
    SELECT set_config('synchronize_seqscans', 'off', false) AS s, ${VOCABULARY_VERSION} AS v FROM search_vocabulary_version`.execute(db);
  return rows[0]?.v ?? '';
}

/**
 * Runs on a connection `openSearchSession` prepared. With `planVersion` (a kept plan run
 * optimistically) the statement also reads the vocabulary's version: null when that is not the
 * plan's version, the plan must be made again.
 */
export async function runSearch(db: Kysely<DB>, plan: QueryPlan, query: SearchQuery, documentCount: number, planVersion?: string): Promise<SearchResult | null> {
  const empty: SearchResult = { hits: [], facets: { spaces: [], processes: [] }, nextCursor: null };
  const offset = decodeCursor(query);
  if (query.readable !== 'all' && query.readable.length === 0) return empty;
  if (plan.groups.length === 0) return planVersion !== undefined && (await openSearchSession(db)) !== planVersion ? null : empty;

  const filters = filterSql(query);
  const scope = scopeSql(query);
  const n = plan.groups.length;
  const all = plan.groups.map((g) => `(${[g.exact, g.same, g.related].filter(Boolean).join(' | ')})`).join(' & ');
  // A word in a large share of the pages is found soonest by reading the table until the cap;
  // its GIN lookup would list all of them first. The statement runs on a generic plan, made
  // without the word (db/generic-plans.ts), so that choice is written out: as a function call,
  // the match is no index condition.
  const matches = (column: 'title_tsv' | 'tsv', q: string, df: number) =>
    column === 'tsv' && df >= FREQUENT_SHARE * documentCount ? sql`ts_match_vq(${sql.ref(column)}, ${q}::tsquery)` : sql`${sql.ref(column)} @@ ${q}::tsquery`;
  // The word's GIN lookup alone (OFFSET 0 keeps the planner from merging it), its rows filtered
  // one by one until the cap is reached. Merged, the planner misjudged the word's selectivity and
  // ANDed the bitmap of every page in the readable spaces with it, or walked those pages first
  // (12–16 ms per pick, seconds for a frequent word at 100,000 pages).
  const pick = (column: 'title_tsv' | 'tsv', q: string, limit: number, df: number) =>
    sql`(SELECT d.page_id, d.doc_ctid, live.changed_at FROM (
      SELECT page_id, ctid AS doc_ctid, space_id, process_ids, step_keys FROM search_documents WHERE ${matches(column, q, df)} OFFSET 0
    ) d ${LIVE} WHERE ${filters} LIMIT ${limit})`;
  // A frequent word's best titles by score (title-terms.ts): a range of the index per lexeme,
  // instead of the first of its thousands of title matches in table order (a GIN bitmap of 6,735
  // titles for "Antrag" at 100,000 pages, 3.3 ms). A rarer word's lookup is cheap and complete.
  // Narrowing filters would have to skip down the ranges: those keep the lookup.
  const narrowed = Boolean(query.processId) || refiningFilters(query).length > 0;
  const bestTitles = (g: QueryGroup, limit: number): RawBuilder<unknown> | null => {
    if (narrowed || g.df <= CANDIDATES.title) return null;
    const tiers = (['exact', 'same', 'related'] as const).map((tier) => ({ weight: TIER[tier], operands: orOperands(g[tier]) }));
    const list = (key: 'lexemes' | 'prefixes') => tiers.flatMap((t) => t.operands[key].map((value) => ({ value, weight: t.weight })));
    const lexemes = list('lexemes');
    const prefixes = list('prefixes');
    // Split parts ANDed ('ver' & 'fahr', related) are no single lexeme: their own lookup, as before.
    const rest = tiers.flatMap((t) => t.operands.rest);
    const others = rest.length > 0 ? sql` UNION ${pick('title_tsv', rest.join(' | '), limit, g.df)}` : sql``;
    // A prefix stands for every known lexeme it starts (a range of search_terms, as in plan.ts).
    return sql`(SELECT d.page_id, d.ctid AS doc_ctid, live.changed_at FROM (
      SELECT b.page_id FROM (
        SELECT lexeme, max(weight) AS weight FROM (
          SELECT * FROM unnest(${lexemes.map((l) => l.value)}::text[], ${lexemes.map((l) => l.weight)}::float8[]) AS x(lexeme, weight)
          UNION ALL
          SELECT st.lexeme, p.weight FROM unnest(${prefixes.map((l) => l.value)}::text[], ${prefixes.map((l) => l.weight)}::float8[]) AS p(prefix, weight)
            JOIN search_terms st ON ${startsWith(sql.ref('st.lexeme'), sql.ref('p.prefix'))}
        ) x GROUP BY lexeme
      ) w
        CROSS JOIN LATERAL (SELECT t.page_id, w.weight * t.score AS s FROM search_title_terms t
          WHERE t.lexeme = w.lexeme AND ${scopeSql(query, 't')} ORDER BY t.score DESC, t.page_id LIMIT ${limit}) b
      GROUP BY b.page_id ORDER BY max(b.s) DESC, b.page_id LIMIT ${limit}
    ) b JOIN search_documents d ON d.page_id = b.page_id ${LIVE})${others}`;
  };
  // The pages with every word (in the title, in the text): GIN ANDed the posting lists of every
  // word's expansions, reading all of a frequent word's ("Deutschland": 22–90 ms for the text at
  // 100,000 pages, 6 ms for the titles). The rarest word's lookup finds them, the other words are
  // checked on its pages. Both read the table in its order, so the same pages come first. The
  // words are checked only on pages in the caller's spaces: the planner tests the cheaper-looking
  // @@ first, unpacking the vector of every page, readable or not (half of them in the bench).
  const rarest = plan.groups.reduce((a, b) => (b.df < a.df ? b : a));
  const rarestQuery = [rarest.exact, rarest.same, rarest.related].filter(Boolean).join(' | ');
  const pickEvery = (column: 'title_tsv' | 'tsv', limit: number) =>
    n > 1
      ? sql`(SELECT d.page_id, d.doc_ctid, live.changed_at FROM (
      SELECT page_id, ctid AS doc_ctid, space_id, process_ids, step_keys, ${sql.ref(column)} AS v FROM search_documents WHERE ${matches(column, rarestQuery, rarest.df)} OFFSET 0
    ) d ${LIVE} WHERE CASE WHEN ${scope} THEN d.v @@ ${all}::tsquery ELSE false END AND ${filters} LIMIT ${limit})`
      : pick(column, all, limit, rarest.df);
  // A one-word search with its best titles: a title match of the word outranks any page that has
  // it only in the text (title bonus and weight A), so a smaller slice of the others is enough.
  const titles = n === 1 ? bestTitles(plan.groups[0]!, CANDIDATES.title) : null;
  const picks: RawBuilder<unknown>[] = [titles ?? pickEvery('title_tsv', CANDIDATES.title), pickEvery('tsv', titles ? CANDIDATES.allBesideBestTitles : CANDIDATES.all)];
  if (n > 1) {
    for (const g of plan.groups) {
      const q = [g.exact, g.same, g.related].filter(Boolean).join(' | ');
      picks.push(bestTitles(g, CANDIDATES.perGroupTitle) ?? pick('title_tsv', q, CANDIDATES.perGroupTitle, g.df));
      // A word in more pages than the slice holds gives an arbitrary slice of them, which ranks
      // below the pages with more words anyway: only a rarer word's pages are worth ranking.
      if (g.df <= CANDIDATES.perGroupRareDf) picks.push(pick('tsv', q, CANDIDATES.perGroup, g.df));
    }
  }

  // Rarer words weigh more (idf); each word's best tier counts once, saturated. ts_rank runs once
  // per tier in `ranked` (a sub-select per call cost as much again); the arithmetic comes after.
  const rawRanks: RawBuilder<unknown>[] = [];
  const ranks = plan.groups.map((g, i) => {
    const tiers = (['exact', 'same', 'related'] as const)
      .filter((tier) => g[tier])
      .map((tier) => {
        const r = sql.ref(`r${i}_${tier}`);
        const t = sql.ref(`t${i}_${tier}`);
        rawRanks.push(sql`ts_rank(${WEIGHTS}::float4[], v.tsv, ${g[tier]}::tsquery, 1)::float8 AS ${r}`, sql`d.title_tsv @@ ${g[tier]}::tsquery AS ${t}`);
        return sql`${TIER[tier]}::float8 * (${r} / (${r} + ${K}::float8) + CASE WHEN ${t} THEN ${TITLE_BONUS}::float8 ELSE 0 END)`;
      });
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
    THEN ${TITLE_MEANING}::float8 * least(1, ${n}::float8 / greatest(1, d.title_words))
    ELSE 0 END AS title_meaning`;
  const freshness = sql`(1 + ${RECENCY}::float8 * exp(-greatest(0, extract(epoch FROM now() - cand.changed_at) / 86400) / ${RECENCY_DAYS}::float8)
    + CASE WHEN rv.last_confirmed_at IS NOT NULL AND rv.last_confirmed_at + make_interval(days => rv.interval_days) > now() THEN ${REVIEWED}::float8 ELSE 0 END) AS freshness`;
  const minMatch = n <= 2 ? 1 : n - Math.floor(n / 3);
  const limit = query.limit;
  // Step-first (process view): pages at the step searched from come first. Date: newest change first.
  const atStep = query.processId && query.preferStepId ? sql`d.step_keys @> ARRAY[${`${query.processId}:${query.preferStepId}`}::text]` : sql`false`;
  const order = (t: string) =>
    query.sort === 'date'
      ? sql`${sql.ref(`${t}.changed_at`)} DESC, ${sql.ref(`${t}.page_id`)}`
      : sql`${sql.ref(`${t}.at_step`)} DESC, ${sql.ref(`${t}.rank`)} DESC, ${sql.ref(`${t}.title`)}, ${sql.ref(`${t}.page_id`)}`;

  const result = await sql<Row>`${GENERIC_PLAN}
    WITH cand AS (${sql.join(picks, sql` UNION `)}),
    ranked AS MATERIALIZED (
      SELECT d.page_id, d.space_id, d.title, d.process_ids, ${sql.join(rawRanks)}, ${titleMeaning}, ${freshness},
        cand.changed_at, ${atStep} AS at_step
      -- Each candidate's row by its position (ctid, the version this statement's picks read), not
      -- another look-up in the primary key index: a few ms for 300–400 candidates under load.
      FROM cand JOIN search_documents d ON d.ctid = cand.doc_ctid
        -- The vector unpacked once per page (OFFSET 0 keeps it a value): every ts_rank call on
        -- d.tsv fetched and decompressed it again, 8x the time. ts_delete of a lexeme no vector
        -- holds returns its argument as fetched; || '' (before) also copied it lexeme by lexeme,
        -- about 9 µs per candidate and 8 % of the statement at 100,000 pages.
        CROSS JOIN LATERAL (SELECT ts_delete(d.tsv, ''::text) AS tsv OFFSET 0) v
        LEFT JOIN page_reviews rv ON rv.page_id = d.page_id
    ),
    per_word AS (
      SELECT ranked.*, ${sql.join(ranks)} FROM ranked
    ),
    scored AS (
      SELECT per_word.*, ${score} AS score, ${matched} AS matched FROM per_word
    ),
    hits AS MATERIALIZED (
      SELECT *, score * power(matched::float8 / ${n}, 2) * (1 + title_meaning) * freshness AS rank FROM scored WHERE matched >= ${minMatch}
    ),
    page AS (
      SELECT *, row_number() OVER (ORDER BY ${order('hits')}) AS nth FROM hits ORDER BY ${order('hits')} LIMIT ${limit + 1} OFFSET ${offset}
    )
    -- The ids and facets describe the whole set: sent with the first row only. In every
    -- row they were 21 copies of ~300 ids to send and parse (10–15 ms of a search at 100,000 pages).
    SELECT page.page_id, page.space_id, page.title, x.steps, x.body, x.headings, x.attachments,
      CASE WHEN page.nth = ${offset + 1} THEN (SELECT string_agg(page_id::text, ',') FROM hits) END AS page_ids,
      CASE WHEN page.nth = ${offset + 1} THEN (SELECT json_agg(json_build_object('id', space_id, 'count', c) ORDER BY c DESC, space_id)
        FROM (SELECT space_id, count(*)::int AS c FROM hits GROUP BY space_id) f) END AS space_facets,
      CASE WHEN page.nth = ${offset + 1} THEN (SELECT json_agg(json_build_object('id', pid, 'count', c) ORDER BY c DESC, pid)
        FROM (SELECT pid, count(*)::int AS c FROM hits, unnest(hits.process_ids) AS pid GROUP BY pid) f) END AS process_facets,
      CASE WHEN page.nth = ${offset + 1} THEN (SELECT ${VOCABULARY_VERSION} FROM search_vocabulary_version) END AS version
    FROM page JOIN search_documents x ON x.page_id = page.page_id
    ORDER BY page.nth`.execute(db);

  const rows = result.rows;
  if (rows.length === 0) {
    // No row carried the version: read it (the round trip a kept plan saves when there are hits).
    if (planVersion !== undefined && (await openSearchSession(db)) !== planVersion) return null;
    // The page may be past the end while there are hits: facets still describe the whole set.
    return offset === 0 ? empty : { ...empty, ...(await facetsOnly()) };
  }
  const first = rows[0]!;
  if (planVersion !== undefined && first.version !== planVersion) return null;
  const more = rows.length > limit;
  const pageRows = rows.slice(0, limit);
  const snippets = highlight(plan, pageRows);
  return {
    hits: pageRows.map((r, i) => ({
      pageId: r.page_id,
      title: r.title,
      snippet: safeHighlight(snippets[i]!.text),
      spaceId: r.space_id,
      steps: r.steps,
      ...(snippets[i]!.attachment ? { attachment: snippets[i]!.attachment } : {}),
    })),
    facets: { spaces: first.space_facets ?? [], processes: first.process_facets ?? [] },
    nextCursor: more ? encodeCursor(query, offset + limit) : null,
    pageIds: first.page_ids?.split(',') ?? [],
  };

  async function facetsOnly() {
    const again = (await runSearch(db, plan, { ...query, cursor: undefined, limit: 1 }, documentCount))!;
    return { facets: again.facets, pageIds: again.pageIds ?? [] };
  }
}

/**
 * Snippets: windows of the body around the matches (chosen in snippet.ts), the query's words
 * marked as ts_headline would (highlight.ts); matching headings when the body has no match; when
 * neither the body nor a heading matches, windows of the first file whose name or text does (the
 * hit then names that file).
 */
function highlight(plan: QueryPlan, rows: Row[]): { text: string; attachment?: { id: string; name: string } }[] {
  const { match, mark } = markersOf(plan);
  return rows.map((r) => {
    const windows = snippetWindows(r.body, match);
    const headings = r.headings.split('\n').filter((h) => hasMatch(h, match));
    const bodyMatches = windows.some((w) => hasMatch(w, match));
    if (!bodyMatches && headings.length === 0) {
      for (const file of r.attachments ?? []) {
        const fileWindows = snippetWindows(file.text, match);
        if (fileWindows.some((w) => hasMatch(w, match)) || hasMatch(file.name, match)) {
          return { text: mark(fileWindows.join(' ') || file.name), attachment: { id: file.id, name: file.name } };
        }
      }
    }
    const body = mark(windows.join(' '));
    if (hasHighlight(body) || headings.length === 0) return { text: body };
    const marked = mark(headings.join(' … '));
    return { text: hasHighlight(marked) ? marked : body };
  });
}

/**
 * One matcher and one highlighter per plan, kept with it (plan-cache.ts) for the searches that run
 * it again: the bodies of one page of results, and of the next search for the same words, share
 * most of their words, which both remember.
 */
const markers = new WeakMap<QueryPlan, { match: WordMatcher; mark: (text: string) => string }>();

function markersOf(plan: QueryPlan): { match: WordMatcher; mark: (text: string) => string } {
  let kept = markers.get(plan);
  if (!kept) markers.set(plan, (kept = { match: wordMatcher(queryLexemes(plan.any)), mark: highlighter(plan.any) }));
  return kept;
}

/** The caller's readable spaces and the chosen space: plain column tests, cheap to check first. */
function scopeParts(query: SearchQuery, table = 'd'): RawBuilder<unknown>[] {
  const parts: RawBuilder<unknown>[] = [];
  const space = sql.ref(`${table}.space_id`);
  if (query.readable !== 'all') parts.push(sql`${space} = ANY(${[...query.readable]}::uuid[])`);
  if (query.spaceId) parts.push(sql`${space} = ${query.spaceId}::uuid`);
  return parts;
}

/** The space conditions of `filterSql` alone. */
function scopeSql(query: SearchQuery, table = 'd'): RawBuilder<unknown> {
  return sql.join([sql`true`, ...scopeParts(query, table)], sql` AND `);
}

/**
 * The page of a candidate `d`, if it is live: its look-up in pages and the archived spaces makes
 * a page vanish from search the moment it is archived, deleted, moved or its space archived, even
 * before the indexer has caught up. It also brings the page's change time for ranking, which took
 * a second look-up in pages per candidate (1–2 ms of a search at 100,000 pages). OFFSET 0 keeps
 * it a look-up per candidate row (as the EXISTS it replaced), never a join over all pages. The
 * archived spaces are read once per statement into a hash (NOT IN): a join with spaces read
 * spaces again for every candidate (0.15–0.25 ms of a rare word's search).
 */
const LIVE = sql`CROSS JOIN LATERAL (SELECT coalesce(p.content_updated_at, p.updated_at) AS changed_at FROM pages p
      WHERE p.id = d.page_id AND p.space_id = d.space_id AND p.archived_at IS NULL
        AND p.space_id NOT IN (SELECT id FROM spaces WHERE archived_at IS NOT NULL) OFFSET 0) live`;

/** Permission and scope filters, applied inside every candidate query (before ranking and pagination), with `LIVE`. */
function filterSql(query: SearchQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [sql`true`, ...scopeParts(query)];
  if (query.processId) parts.push(sql`d.process_ids @> ARRAY[${query.processId}::uuid]`);
  if (query.processId && query.stepId) parts.push(sql`d.step_keys @> ARRAY[${`${query.processId}:${query.stepId}`}::text]`);
  parts.push(...refiningFilters(query));
  return sql.join(parts, sql` AND `);
}
