import type { GapPageInput } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { UserActor } from '../audit/actor.ts';
import type { DB } from '../db/schema.ts';
import { validationFailed } from '../http/problem.ts';
import { createPage } from '../pages/pages-service.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { configureReview } from '../reviews/review-service.ts';
import { normaliseQuery } from './normalise.ts';

/**
 * "Seite anlegen" from the gap report: a page titled with the query in the chosen space, with
 * a responsible person to write it (the review's responsible person), and the gap marked as
 * answered by that page.
 */
export async function createGapPage(db: Kysely<DB>, caller: AuthUser, input: GapPageInput, actor: UserActor): Promise<{ pageId: string; title: string; responsibleId: string | null }> {
  const title = input.query.trim().replace(/\s+/g, ' ');
  if (!title) throw validationFailed('The query is empty.');
  const responsibleId = input.responsibleId ?? null;
  if (responsibleId) {
    // Checked before the page exists, so a refused person leaves no half-made page behind.
    const person = await db.selectFrom('users').select('active').where('id', '=', responsibleId).executeTakeFirst();
    if (!person?.active) throw validationFailed('The responsible person does not exist or is deactivated.');
    const readable = await readableSpaceIds(db, { ...caller, id: responsibleId, spaceIds: undefined });
    if (readable !== 'all' && !readable.includes(input.spaceId)) throw validationFailed('The responsible person cannot read this space; add them to the space first.');
  }
  const pageId = await createPage(db, { spaceId: input.spaceId, parentId: null, title: title.charAt(0).toLocaleUpperCase('de') + title.slice(1) }, actor);
  if (responsibleId) await configureReview(db, pageId, { responsibleId }, actor);
  const query = normaliseQuery(input.query);
  if (query) await db.updateTable('search_gaps').set({ page_id: pageId }).where('query', '=', query).execute();
  return { pageId, title: title.charAt(0).toLocaleUpperCase('de') + title.slice(1), responsibleId };
}
