import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { effectiveLevel } from '../classification/effective.ts';
import { mailMayQuoteContent } from '../classification/gates.ts';

/**
 * Whether a notification mail may quote a page (its title, a comment's text, who edited). The
 * one place mail asks; the classification gates decide for strictly confidential pages (mail
 * then says only that something changed, with a link to sign in and look).
 */
export async function mailMayQuote(db: Kysely<DB>, pageId: string | null): Promise<boolean> {
  if (pageId === null) return true;
  // A page gone meanwhile is not quoted either (effectiveLevel: null).
  const level = await effectiveLevel(db, pageId);
  return level !== null && mailMayQuoteContent(level);
}
