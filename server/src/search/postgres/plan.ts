import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SynonymMatcher } from '../synonyms.ts';
import { lexemeFold, type Token, tokenize, tsJoin, tsLexeme, umlautVariant, withoutLinking } from '../german/text.ts';

/**
 * Turns a German query into per-word groups of tsquery alternatives, using the corpus
 * vocabulary (search_terms) to decide what a word means here:
 *   exact   – the stem, its umlaut spelling when the corpus knows it, a prefix for the word
 *             being typed, close known words when the word itself is unknown (typos);
 *   same    – synonyms and the parts of a split compound (Spielplatzsatzung → spielplatz & satzung);
 *   related – longer known compounds containing the word (Vertrag → Mietvertrag).
 * Each group is scored on its own, so many expansions of one word cannot drown a rare other one.
 */
export interface QueryGroup {
  /** The words of the query this group stands for (debugging, tests). */
  words: string;
  exact: string;
  same: string;
  related: string;
  /** Documents containing the group's main lexeme (0 when unknown); drives the word weight. */
  df: number;
}

export interface QueryPlan {
  groups: QueryGroup[];
  /** Everything any group matches: candidates, highlighting. */
  any: string;
}

interface Lexized {
  lexeme: string | null;
  stop: boolean;
  df: number;
}

/** Words shorter than this are not typo-corrected or expanded: too many false friends. */
const MIN_EXPAND = 4;
const MAX_TOKENS = 12;
const MAX_SPLIT_WORD = 40;
/** Forms of verbs people put around the topic of a question (bekommen, kriegen, brauchen, machen). */
const QUESTION_VERBS = /^(bekomm|krieg|brauch|mach)(e|st|t|en|te|ten)?$/;
const PARTICLES = new Set(['ab', 'an', 'auf', 'aus', 'ein', 'um', 'zu', 'zurück', 'vor', 'nach', 'mit', 'weg', 'fest', 'her', 'hin']);

export async function planQuery(db: Kysely<DB>, input: string, matcher: SynonymMatcher): Promise<QueryPlan> {
  const tokens = tokenize(input).slice(0, MAX_TOKENS);
  if (tokens.length === 0) return { groups: [], any: '' };
  // The last word is still being typed unless the query ends in a space or punctuation.
  const typing = /[\p{L}\p{N}]$/u.test(input);
  // Separable verb particles standing alone ("melde … ab") join the verbs instead of being words.
  const particles = tokens.filter((t) => PARTICLES.has(t.lower)).map((t) => t.lower);
  const spans = matcher.spans(tokens).filter((s) => !(s.tokens.length === 1 && PARTICLES.has(s.tokens[0]!.lower) && s.equivalents.length === 0));
  // "Wie bekomme ich ein Führungszeugnis?": the verb of a question says nothing about the topic
  // when other words do, and a page that happens to say "bekommen" must not win over the topic.
  const topical = spans.filter((s) => !(s.tokens.length === 1 && QUESTION_VERBS.test(s.tokens[0]!.lower) && s.equivalents.length === 0));
  if (topical.length > 0 && topical.length < spans.length) spans.splice(0, spans.length, ...topical);
  if (spans.length === 0) return { groups: [], any: '' };

  // Every string whose stem we need, resolved in one round trip.
  const strings = new Set<string>();
  for (const span of spans) {
    for (const t of span.tokens) {
      strings.add(t.lower);
      const v = umlautVariant(t.lower);
      if (v) strings.add(v);
      if (span.tokens.length === 1 && t.lower.length >= 7 && t.lower.length <= MAX_SPLIT_WORD) {
        for (const piece of compoundPieces(v ?? t.lower)) strings.add(piece);
        if (v) for (const piece of compoundPieces(t.lower)) strings.add(piece);
      }
    }
    for (const eq of span.equivalents) for (const t of tokenize(eq)) strings.add(t.lower);
    for (const t of span.tokens) for (const particle of particles) strings.add(particle + t.lower);
  }
  // Words the query writes apart that a page may write as one compound ("Steuer für Hunde").
  const joinable = spans.flatMap((span, index) =>
    span.tokens.length === 1 && span.tokens[0]!.lower.length >= 3 && !PARTICLES.has(span.tokens[0]!.lower) ? [{ index, lower: span.tokens[0]!.lower }] : [],
  );
  const joins = compoundJoins(joinable);
  for (const j of joins) for (const form of j.forms) strings.add(form);
  const lex = await lexize(db, [...strings]);
  const stem = (s: string): Lexized => lex.get(s) ?? { lexeme: null, stop: false, df: 0 };

  interface Draft {
    span: number;
    words: string;
    exact: string[];
    same: string[];
    main: string | null;
    df: number;
    expand: string | null;
    typo: string | null;
    prefix: string | null;
    splitRelated?: string | null;
    splitKnown?: boolean;
  }
  const drafts: Draft[] = [];
  spans.forEach((span, index) => {
    const last = index === spans.length - 1;
    const same = span.equivalents.map((eq) => phrase(tokenize(eq), stem)).filter((q) => q.length > 0);
    if (span.tokens.length > 1) {
      const exact = phrase(span.tokens, stem);
      const df = Math.max(0, ...span.tokens.map((t) => stem(t.lower).df));
      if (exact || same.length > 0) drafts.push({ span: index, words: span.tokens.map((t) => t.text).join(' '), exact: exact ? [exact] : [], same, main: null, df, expand: null, typo: null, prefix: null });
      return;
    }
    const t = span.tokens[0]!;
    const own = stem(t.lower);
    const variantWord = umlautVariant(t.lower);
    const variant = variantWord ? stem(variantWord) : null;
    // "ueber" is "über" (a stop word) when the corpus does not know "ueber" itself.
    if ((own.stop || (variant?.stop && own.df === 0)) && same.length === 0) return;
    const exact: string[] = [];
    let main: string | null = null;
    let df = 0;
    if (own.lexeme && !own.stop) {
      exact.push(tsLexeme(own.lexeme));
      main = own.lexeme;
      df = own.df;
    }
    if (variant?.lexeme && variant.df > 0 && variant.lexeme !== own.lexeme) {
      exact.push(tsLexeme(variant.lexeme));
      if (variant.df > df) {
        main = variant.lexeme;
        df = variant.df;
      }
    }
    // Neither spelling is a known word ("Schuelerbefoerderung" of "Schülerbeförderungskosten"):
    // the umlaut spelling is the one the index holds for both, so compounds, longer words and
    // typo corrections are looked up in it (older stemmers keep "ue" as written).
    const viaVariant = variant?.lexeme && !variant.stop && (variant.df > own.df || (own.df === 0 && variant.df === 0));
    if (viaVariant && df === 0) main = variant.lexeme;
    const prefix = last && typing && t.lower.length >= 3 ? lexemeFold(viaVariant ? variantWord! : t.lower) : null;
    if (prefix) exact.push(tsLexeme(prefix, true));
    const compound = viaVariant ? variantWord! : t.lower;
    // A page may write the compound's parts apart, hyphenated or as two words ("Antrag auf einen
    // Personalausweis"), or split once more (three parts): the fewest-part split and a three-part one.
    const splits = bestSplits(compound, stem);
    // A compound the corpus knows is mostly meant as itself; its parts are then only related.
    const splitQuery = tsJoin(splits.map((split) => tsJoin(split.map((p) => tsLexeme(p)), '&')), '|');
    // A shorter compound with the same head ("Personalausweisantrag" → "Ausweisantrag").
    const tail = own.df === 0 && (variant?.df ?? 0) === 0 ? knownTailCompound(compound, stem) : null;
    if (tail) same.push(tsLexeme(tail));
    if (splitQuery && Math.max(own.df, variant?.df ?? 0) < 2) same.push(splitQuery);
    // A separated verb particle belongs to the verb: "melde … ab" means "abmelden".
    for (const particle of particles) {
      const joined = own.lexeme ? stem(particle + t.lower) : null;
      if (joined?.lexeme && joined.df > 0) exact.push(tsLexeme(joined.lexeme));
    }
    const longEnough = (main ?? '').length >= MIN_EXPAND && !/^\d+$/.test(t.lower);
    drafts.push({
      span: index,
      words: t.text,
      exact,
      same,
      main,
      df,
      expand: longEnough && main ? main : null,
      // A word with synonyms is no typo: the synonyms carry it.
      typo: df === 0 && longEnough && main && span.equivalents.length === 0 ? main : null,
      // A word made of known words is only corrected to a very close word ("Elterngelt").
      splitKnown: splits.length > 0,
      prefix,
      splitRelated: splitQuery && Math.max(own.df, variant?.df ?? 0) >= 2 ? splitQuery : null,
    });
  });

  // A compound the corpus knows, made of several query words, stands for each of them.
  for (const j of joins) {
    const found = j.forms.map((f) => stem(f)).find((l) => l.lexeme && !l.stop && l.df > 0);
    if (!found) continue;
    const members = drafts.filter((d) => j.spans.includes(d.span));
    if (members.length !== j.spans.length || members.some((d) => d.main === found.lexeme)) continue;
    for (const d of members) d.exact.push(tsLexeme(found.lexeme!));
  }

  const expansions = await expand(
    db,
    drafts.map((d) => ({ expand: d.expand, typo: d.typo, prefix: d.prefix })),
  );
  const groups: QueryGroup[] = [];
  drafts.forEach((d, i) => {
    const e = expansions[i]!;
    const exact = [...d.exact];
    let df = d.df;
    // An unknown word (and no known prefix) means its closest known words instead.
    if (d.df === 0 && !e.prefixKnown) {
      const typos = d.splitKnown ? e.typos.filter((t) => t.sim >= CLOSE_TYPO) : e.typos;
      for (const typo of typos) exact.push(tsLexeme(typo.lexeme));
      df = Math.max(df, ...typos.map((t) => t.df));
    }
    const group: QueryGroup = {
      words: d.words,
      exact: tsJoin(exact, '|'),
      same: tsJoin(d.same, '|'),
      related: tsJoin([...e.related.map((l) => tsLexeme(l)), d.splitRelated ?? ''], '|'),
      df,
    };
    if (group.exact || group.same || group.related) groups.push(group);
  });
  return { groups, any: tsJoin(groups.flatMap((g) => [g.exact, g.same, g.related]), '|') };
}

/** AND of the meaningful words of a phrase; '' when none is left. */
function phrase(tokens: readonly Token[], stem: (s: string) => Lexized): string {
  const parts = tokens.map((t) => stem(t.lower)).filter((l) => l.lexeme && !l.stop).map((l) => tsLexeme(l.lexeme!));
  return tsJoin(parts, '&');
}

/** Substrings a split of `word` may consist of (with linking elements removed). */
function compoundPieces(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    for (let j = i + 3; j <= word.length; j++) {
      if (i === 0 && j === word.length) continue;
      const piece = word.slice(i, j);
      out.add(piece);
      if (j < word.length) for (const h of withoutLinking(piece)) out.add(h);
    }
  }
  return [...out];
}

/** Linking elements tried between the parts of a compound made from query words. */
const JOIN_LINKS = ['', 's', 'n', 'en', 'e', 'es', 'er'];
/** Query words considered for three-part compounds (the permutations grow fast). */
const MAX_TRIPLE_WORDS = 4;
const MAX_PAIR_WORDS = 6;

/**
 * Compounds the query's words could form, in any order, with or without a linking element:
 * "Steuer für Hunde" → hundesteuer, "Antrag Personalausweis" → personalausweisantrag,
 * "Kfz Zulassung Antrag" → kfzzulassungsantrag. The head of a compound comes last, so every
 * order is tried; the corpus decides which one exists.
 */
export function compoundJoins(words: readonly { index: number; lower: string }[]): { spans: number[]; forms: string[] }[] {
  const out: { spans: number[]; forms: string[] }[] = [];
  const firsts = (w: string) => [...new Set(withoutLinking(w).flatMap((h) => JOIN_LINKS.map((l) => h + l)))];
  const pairWords = words.slice(0, MAX_PAIR_WORDS);
  for (const a of pairWords) {
    for (const b of pairWords) {
      if (a === b) continue;
      out.push({ spans: [a.index, b.index], forms: firsts(a.lower).map((f) => f + b.lower) });
    }
  }
  if (words.length >= 3 && words.length <= MAX_TRIPLE_WORDS) {
    const joints = (w: string) => [...new Set([w, ...withoutLinking(w).flatMap((h) => [h, `${h}s`])])];
    for (const a of words) {
      for (const b of words) {
        for (const c of words) {
          if (a === b || b === c || a === c) continue;
          const forms: string[] = [];
          for (const x of joints(a.lower)) for (const y of joints(b.lower)) forms.push(x + y + c.lower);
          out.push({ spans: [a.index, b.index, c.index], forms });
        }
      }
    }
  }
  // Three-word compounds first: they say more than a pair within them.
  return out.sort((x, y) => y.spans.length - x.spans.length);
}

/**
 * Splits of a compound into known words: the best two-part split and the best three-part split
 * (most even lengths first, so "spielplatz|satzung" beats "spiel|platzsatzung" only if both are
 * known). Parts must occur in at least two documents to count as words of this corpus.
 */
function bestSplits(word: string, stem: (s: string) => Lexized): string[][] {
  if (word.length < 7 || word.length > MAX_SPLIT_WORD) return [];
  const known = (piece: string, isHead: boolean): string | null => {
    for (const form of isHead ? withoutLinking(piece) : [piece]) {
      const l = stem(form);
      if (l.lexeme && !l.stop && l.df >= 2 && l.lexeme.length >= 3) return l.lexeme;
    }
    return null;
  };
  const best: ({ parts: string[]; score: number } | null)[] = [null, null];
  const consider = (parts: string[], lengths: number[]) => {
    const score = Math.min(...lengths);
    const slot = parts.length - 2;
    if (!best[slot] || score > best[slot].score) best[slot] = { parts, score };
  };
  for (let i = 3; i <= word.length - 3; i++) {
    const head = known(word.slice(0, i), true);
    if (!head) continue;
    const tail = known(word.slice(i), false);
    if (tail) consider([head, tail], [i, word.length - i]);
    for (let j = i + 3; j <= word.length - 3; j++) {
      const mid = known(word.slice(i, j), true);
      const end = mid && known(word.slice(j), false);
      if (mid && end) consider([head, mid, end], [i, j - i, word.length - j]);
    }
  }
  return best.flatMap((b) => (b ? [b.parts] : []));
}

/**
 * The longest shorter compound the corpus knows that ends the word, itself made of known
 * parts: "personalausweisantrag" → "ausweisantrag". Not the bare head ("antrag"): that would
 * match every page about any application.
 */
function knownTailCompound(word: string, stem: (s: string) => Lexized): string | null {
  if (word.length < 10 || word.length > MAX_SPLIT_WORD) return null;
  for (let i = 3; i <= word.length - 7; i++) {
    const tail = word.slice(i);
    const l = stem(tail);
    if (l.lexeme && !l.stop && l.df > 0 && bestSplits(tail, stem).some((parts) => parts.every((p) => p.length >= 4))) return l.lexeme;
  }
  return null;
}

async function lexize(db: Kysely<DB>, strings: string[]): Promise<Map<string, Lexized>> {
  const out = new Map<string, Lexized>();
  if (strings.length === 0) return out;
  const rows = await sql<{ s: string; lexeme: string | null; stop: boolean; df: number | null }>`
    SELECT x.s, (l.a)[1] AS lexeme, coalesce(cardinality(l.a) = 0, false) AS stop, t.doc_count AS df
    FROM unnest(${strings}::text[]) AS x(s)
    CROSS JOIN LATERAL (SELECT ts_lexize('german_stem', x.s) AS a) l
    LEFT JOIN search_terms t ON t.lexeme = (l.a)[1]`.execute(db);
  for (const r of rows.rows) out.set(r.s, { lexeme: r.lexeme, stop: r.stop, df: Number(r.df ?? 0) });
  return out;
}

/** Trigram similarity of a correction for a word that also splits into known words. */
const CLOSE_TYPO = 0.5;

interface Expansion {
  typos: { lexeme: string; df: number; sim: number }[];
  related: string[];
  prefixKnown: boolean;
}

/** Typo candidates, longer compounds and whether a typed prefix is known, for every group at once. */
async function expand(db: Kysely<DB>, wanted: { expand: string | null; typo: string | null; prefix: string | null }[]): Promise<Expansion[]> {
  const out: Expansion[] = wanted.map(() => ({ typos: [], related: [], prefixKnown: false }));
  const idx = wanted.map((_, i) => i);
  const rows = await sql<{ i: number; kind: 'typo' | 'related' | 'prefix'; lexeme: string; df: number; sim: number }>`
    WITH w0 AS (
      SELECT * FROM unnest(${idx}::int[], ${wanted.map((w) => w.expand)}::text[], ${wanted.map((w) => w.typo)}::text[], ${wanted.map((w) => w.prefix)}::text[])
        AS w(i, expand, typo, prefix)
    ),
    w AS (
      SELECT w0.*, w0.prefix IS NOT NULL AND EXISTS (
        SELECT 1 FROM search_terms t WHERE ${startsWith(sql.ref('t.lexeme'), sql.ref('w0.prefix'))}
      ) AS prefix_known FROM w0
    )
    SELECT w.i, 'typo' AS kind, t.lexeme, t.doc_count AS df, t.sim FROM w
      CROSS JOIN LATERAL (
        -- A known prefix makes typo candidates moot (the word is being typed): spare the trigram scan.
        SELECT lexeme, doc_count, similarity(lexeme, w.typo) AS sim FROM search_terms
        WHERE w.typo IS NOT NULL AND NOT w.prefix_known AND lexeme % w.typo
        ORDER BY sim DESC, doc_count DESC LIMIT 4
      ) t
    UNION ALL
    SELECT w.i, 'related', t.lexeme, t.doc_count, 0 FROM w
      CROSS JOIN LATERAL (
        SELECT lexeme, doc_count FROM search_terms
        WHERE w.expand IS NOT NULL AND lexeme LIKE '%' || w.expand || '%' AND lexeme <> w.expand
        ORDER BY doc_count DESC LIMIT 12
      ) t
    UNION ALL
    SELECT w.i, 'prefix', w.prefix, 0, 0 FROM w WHERE w.prefix_known`.execute(db);
  for (const r of rows.rows) {
    const e = out[r.i]!;
    if (r.kind === 'typo') e.typos.push({ lexeme: r.lexeme, df: Number(r.df), sim: Number(r.sim) });
    else if (r.kind === 'related') e.related.push(r.lexeme);
    else e.prefixKnown = true;
  }
  // Keep the close calls only: the best candidate and those nearly as similar.
  for (const e of out) {
    const typos = e.typos;
    const best = Math.max(0, ...typos.map((t) => t.sim));
    e.typos = typos.filter((t) => t.sim >= 0.35 && t.sim >= best - 0.08).slice(0, 3);
  }
  return out;
}

/**
 * `lexeme` starts with `prefix`, as a range on the pattern-ops index of search_terms (migration
 * 0031): a LIKE with a pattern taken from a row read all lexemes.
 */
export function startsWith(lexeme: RawBuilder<unknown>, prefix: RawBuilder<unknown>): RawBuilder<boolean> {
  return sql<boolean>`${lexeme} ~>=~ ${prefix} AND ${lexeme} ~<~ (${prefix} || chr(1114111)) AND starts_with(${lexeme}, ${prefix})`;
}
