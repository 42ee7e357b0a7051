import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { UserActor } from '../../audit/actor.ts';
import { recordAudit } from '../../audit/record.ts';
import type { AuthUser } from '../auth.ts';
import { hasLocalPassword, hasSecondFactor } from './totp-service.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface SecuritySettings {
  /** Admins and knowledge managers with a local password must sign in with a second factor. */
  requireSecondFactor: boolean;
}

export async function securitySettings(db: Db): Promise<SecuritySettings> {
  const row = await db.selectFrom('security_settings').select('require_second_factor').executeTakeFirst();
  return { requireSecondFactor: row?.require_second_factor ?? false };
}

export async function updateSecuritySettings(db: Kysely<DB>, actor: UserActor, change: SecuritySettings): Promise<SecuritySettings> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('security_settings').set({ require_second_factor: change.requireSecondFactor, updated_at: new Date() }).execute();
    await recordAudit(trx, { ...actor, action: 'settings.security_update', targetType: 'instance', targetId: null, detail: { ...change } });
  });
  return securitySettings(db);
}

/** Roles the setting covers. */
export const isPrivileged = (role: AuthUser['role']) => role === 'admin' || role === 'knowledge_manager';

/** Whether the instance setting asks this account for a second factor (directory accounts rely on their provider). */
export async function secondFactorRequiredFor(db: Db, user: Pick<AuthUser, 'id' | 'role'>): Promise<boolean> {
  if (!isPrivileged(user.role)) return false;
  if (!(await securitySettings(db)).requireSecondFactor) return false;
  return hasLocalPassword(db, user.id);
}

/**
 * True when the account must enrol before it may do anything else: the setting covers it and it
 * has no second factor yet. Ordinary accounts pay no query.
 */
export async function mustEnrolSecondFactor(db: Db, user: Pick<AuthUser, 'id' | 'role'>): Promise<boolean> {
  if (!(await secondFactorRequiredFor(db, user))) return false;
  return !(await hasSecondFactor(db, user.id));
}

/** The `enrolSecondFactor` member of a session answer (login, boot probe, /auth/me). */
export async function enrolmentFlag(db: Db, user: Pick<AuthUser, 'id' | 'role'>): Promise<{ enrolSecondFactor?: true }> {
  return (await mustEnrolSecondFactor(db, user)) ? { enrolSecondFactor: true } : {};
}
