import type { CreateReadingPathInput } from '@stafette/api';
import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { UserActor } from '../audit/actor.ts';
import type { DB } from '../db/schema.ts';
import { conflict } from '../http/problem.ts';
import { readingList } from '../interviews/interview-queries.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { assignReadingPath, createReadingPath } from './reading-path-service.ts';

/**
 * The successor's reading list of a completed exit interview as a reading path: each step
 * they inherit, then the pages published for it, assigned to the successor.
 */
export async function createFromInterview(db: Kysely<DB>, interviewId: string, user: AuthUser, actor: UserActor): Promise<string> {
  const interview = await db
    .selectFrom('interviews as i')
    .innerJoin('users as s', 's.id', 'i.subject_user_id')
    .select(['i.status', 'i.successor_id', 'i.subject_role', 's.display_name'])
    .where('i.id', '=', interviewId)
    .executeTakeFirstOrThrow();
  if (interview.status !== 'completed') throw conflict('The interview is not completed yet: its reading list is not final.', 'interview-not-completed');
  if (!interview.successor_id) throw conflict('The interview names no successor to assign the path to.', 'no-successor');
  const list = await readingList(db, interviewId, await readableSpaceIds(db, user));
  const items: CreateReadingPathInput['items'] = [];
  for (const step of list) {
    items.push({ processId: step.processId, elementId: step.elementId, note: `Übernommener Schritt aus „${step.processName}“` });
    for (const page of step.pages) if (!items.some((i) => 'pageId' in i && i.pageId === page.id)) items.push({ pageId: page.id });
  }
  if (items.length === 0) throw conflict('The interview’s reading list is empty: no answers were attached to steps.', 'interview-not-completed');
  const who = interview.subject_role ?? interview.display_name;
  const id = await createReadingPath(db, user, { title: `Einarbeitung: Nachfolge ${who}`.slice(0, 200), items }, actor, interviewId);
  await assignReadingPath(db, id, interview.successor_id, actor);
  return id;
}
