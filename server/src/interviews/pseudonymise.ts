import type { FastifyInstance } from 'fastify';
import { yDocToJSON } from '@stafette/schema';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { hashPassword, randomToken } from '../auth/secrets.ts';
import { conflict, notFound, validationFailed } from '../http/problem.ts';
import { replaceBody } from '../content/page-body.ts';
import { pseudonymiseProvenance } from './provenance.ts';

/**
 * Pseudonymises a departed person's account (DSGVO): name and e-mail are replaced, sessions and
 * tokens end, and the provenance of their published interview pages names a role instead of
 * the person ("ehemalige:r Sachbearbeiter:in, Bauamt"), so the knowledge keeps its origin.
 * Only deactivated accounts: a person still working here keeps their name.
 */
export interface PseudonymiseResult {
  displayName: string;
  pagesRewritten: number;
}

export function pseudonymFor(role: string): string {
  return `ehemalige:r ${role}`;
}

export async function pseudonymiseUser(
  app: FastifyInstance,
  userId: string,
  roleInput: string | undefined,
  actor: UserActor,
): Promise<PseudonymiseResult> {
  const user = await app.db.selectFrom('users').select(['id', 'display_name', 'active']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user');
  if (user.active) throw conflict('Deactivate the account before pseudonymising it.', 'user-active');
  const interviews = await app.db
    .selectFrom('interviews')
    .select(['id', 'subject_role'])
    .where('subject_user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
  const role = roleInput?.trim() || interviews.find((i) => i.subject_role)?.subject_role;
  if (!role) throw validationFailed('Name the role the person held (e.g. "Sachbearbeiter:in, Bauamt"): no interview records one.');
  const displayName = pseudonymFor(role);
  const oldName = user.display_name;

  // Pages first: if rewriting one fails, the account still carries the name and the call can
  // be repeated; pages already rewritten no longer mention it and are skipped.
  const pages = await app.db
    .selectFrom('interview_publications as p')
    .innerJoin('interviews as i', 'i.id', 'p.interview_id')
    .select('p.page_id')
    .where('i.subject_user_id', '=', userId)
    .execute();
  let rewritten = 0;
  for (const { page_id: pageId } of pages) {
    const body = yDocToJSON(await app.collab.getDocument(pageId));
    const next = pseudonymiseProvenance(body, oldName, displayName);
    if (!next) continue;
    if (await replaceBody(app, pageId, next, 'pseudonymisation')) rewritten += 1;
  }

  await app.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({
        display_name: displayName,
        email: `ehemalig-${userId}@pseudonym.invalid`,
        password_hash: await hashPassword(randomToken()),
        updated_at: new Date(),
      })
      .where('id', '=', userId)
      .execute();
    await trx.updateTable('interviews').set({ subject_role: role }).where('subject_user_id', '=', userId).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
    await trx.deleteFrom('api_tokens').where('user_id', '=', userId).execute();
    await recordAudit(trx, { ...actor, action: 'user.pseudonymise', targetType: 'user', targetId: userId, detail: { pagesRewritten: rewritten } });
  });
  app.events.emit('user.changed', userId);
  return { displayName, pagesRewritten: rewritten };
}
