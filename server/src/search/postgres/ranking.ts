/** Constants of the ranking (query.ts), shared with the title terms' scores (title-terms.ts). */

/** Weights of ts_rank for D, C, B, A (body C, headings B, title A). */
export const WEIGHTS = '{0.05, 0.25, 0.5, 1.0}';
/** ts_rank saturates through s / (s + K): more occurrences help, but with diminishing returns. */
export const K = 0.04;
/** A word found in the title counts this much on top of its saturated rank (at most 1). */
export const TITLE_BONUS = 0.6;
/**
 * A title that says what the query says (every word of the query found in it, few other
 * words) is the page the query means: up to this factor over a long page that merely mentions
 * every word once.
 */
export const TITLE_MEANING = 0.5;
