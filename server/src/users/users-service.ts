import type { Kysely, Transaction } from 'kysely';
import type { CreateUserInput, UpdateUserInput, User } from '@stafette/api';
import type { DB } from '../db/schema.ts';
import { conflict, notFound, validationFailed } from '../http/problem.ts';
import type { UserActor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/secrets.ts';
import type { Role } from '../auth/auth.ts';
import { endAllSessions } from '../auth/sessions.ts';
import { locksSelfOut } from '../policy/users.ts';
import { userJson, userSelect } from './user-json.ts';

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  role?: Role;
  locale?: 'de' | 'en';
}

export function checkPassword(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw validationFailed(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
  }
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function emailTaken(db: Kysely<DB> | Transaction<DB>, email: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('users').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', normaliseEmail(email)));
  if (exceptId) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

/** Inserts an account without an audit entry: for callers that record their own (setup) or none (CLI, tests). */
export async function insertUser(db: Kysely<DB> | Transaction<DB>, input: NewUser) {
  checkPassword(input.password);
  if (await emailTaken(db, input.email)) throw conflict('A user with this email exists already.', 'email-taken');
  return db
    .insertInto('users')
    .values({
      email: normaliseEmail(input.email),
      display_name: input.displayName.trim(),
      password_hash: await hashPassword(input.password),
      role: input.role ?? 'user',
      ...(input.locale ? { locale: input.locale } : {}),
    })
    .returning(userSelect)
    .executeTakeFirstOrThrow();
}

/** An administrator creates an account. */
export async function createUser(db: Kysely<DB>, input: CreateUserInput, actor: UserActor): Promise<User> {
  const row = await db.transaction().execute(async (trx) => {
    const created = await insertUser(trx, input);
    await recordAudit(trx, { ...actor, action: 'user.create', targetType: 'user', targetId: created.id, detail: { email: created.email, role: created.role } });
    return created;
  });
  return userJson(row);
}

/**
 * Changes an account and returns it. Deactivation ends its sessions at once; its API tokens stop
 * working through the active check.
 */
export async function updateUser(db: Kysely<DB>, id: string, change: UpdateUserInput, actor: UserActor): Promise<User> {
  if (locksSelfOut(actor.actorId, id, change)) throw conflict('You cannot deactivate or demote yourself; ask another administrator.', 'self-lockout');
  const row = await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('users').select(userSelect).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('user');
    if (change.email && (await emailTaken(trx, change.email, id))) throw conflict('A user with this email exists already.', 'email-taken');
    const after = await trx
      .updateTable('users')
      .set({
        ...(change.email !== undefined ? { email: normaliseEmail(change.email) } : {}),
        ...(change.displayName !== undefined ? { display_name: change.displayName.trim() } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.locale !== undefined ? { locale: change.locale } : {}),
        ...(change.plannedDepartureDate !== undefined ? { planned_departure_date: change.plannedDepartureDate } : {}),
        ...(change.active !== undefined ? { active: change.active, deactivated_at: change.active ? null : new Date() } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returning(userSelect)
      .executeTakeFirstOrThrow();
    if (change.active === false) await endAllSessions(trx, id);
    const changes = Object.fromEntries(Object.entries(change).filter(([k]) => k !== 'email' || change.email !== before.email));
    await recordAudit(trx, {
      ...actor,
      action: change.active === false ? 'user.deactivate' : change.active === true && !before.active ? 'user.reactivate' : 'user.update',
      targetType: 'user',
      targetId: id,
      detail: { changes },
    });
    return after;
  });
  return userJson(row);
}
