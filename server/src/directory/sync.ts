import { type Kysely, sql, type Transaction } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { DB } from '../db/schema.ts';
import type { Actor } from '../audit/actor.ts';
import { recordAudit } from '../audit/record.ts';
import { revokeAllApiTokens } from '../auth/api-tokens.ts';
import { endAllSessions } from '../auth/sessions.ts';
import type { AppEventBus } from '../events.ts';
import { conflict, Problem } from '../http/problem.ts';
import { applyGroupMappings } from './group-mappings.ts';
import { type DirectoryPerson, DirectoryUnavailable, ldapIssuer, listDirectoryPeople } from './ldap-client.ts';
import type { DirectoryOptions, LdapOptions } from './options.ts';
import { provisionDirectoryUser } from './provision.ts';

/**
 * The LDAP directory sync (timer, admin route, CLI): everyone the user filter finds is created
 * or brought up to date (name, e-mail, departure date, mapped roles); accounts linked to the
 * directory whose entry is gone or disabled are deactivated the way an administrator deactivates
 * one: sessions end, API tokens are revoked, open collaboration sockets close (through the
 * events, when the sync runs inside the server). Two guards against a directory that answers
 * wrongly: an unreachable or empty directory deactivates nobody, and a run that would
 * deactivate more than `maxDeactivateShare` of the directory's accounts deactivates nobody and
 * says why. An account the sync deactivated comes back when its entry is enabled again; one an
 * administrator deactivated stays deactivated. Every run is recorded in directory_sync_runs.
 */

export interface SyncResult {
  created: number;
  updated: number;
  deactivated: number;
  errors: string[];
}

export interface SyncDeps {
  db: Kysely<DB>;
  ldap: LdapOptions;
  directory: DirectoryOptions;
  /** The server's event bus: deactivated people's sockets close, changed roles are re-checked. Absent in the CLI. */
  events?: AppEventBus;
  log?: FastifyBaseLogger;
}

export type SyncTrigger = 'timer' | 'admin' | 'cli';

/** A run left 'running' longer than this was cut off (the process died): it no longer blocks. */
const STALE_RUN_MS = 60 * 60 * 1000;

export const syncRunning = () => conflict('A directory sync is running already; wait for its result.', 'directory-sync-running');
export const syncUnavailable = (detail: string) => new Problem(503, 'directory-unavailable', 'Directory unavailable', `${detail}. Nobody was deactivated.`);

async function startRun(db: Kysely<DB>, trigger: SyncTrigger): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE directory_sync_runs IN EXCLUSIVE MODE`.execute(trx);
    const running = await trx
      .selectFrom('directory_sync_runs')
      .select('id')
      .where('status', '=', 'running')
      .where('started_at', '>', new Date(Date.now() - STALE_RUN_MS))
      .executeTakeFirst();
    if (running) throw syncRunning();
    const run = await trx.insertInto('directory_sync_runs').values({ trigger }).returning('id').executeTakeFirstOrThrow();
    return run.id;
  });
}

async function finishRun(db: Kysely<DB>, id: string, status: 'ok' | 'refused' | 'failed', result: SyncResult, directoryAccounts: number | null, error: string | null) {
  await db
    .updateTable('directory_sync_runs')
    .set({
      finished_at: new Date(),
      status,
      directory_accounts: directoryAccounts,
      created: result.created,
      updated: result.updated,
      deactivated: result.deactivated,
      errors: JSON.stringify(result.errors.slice(0, 200)),
      error,
    })
    .where('id', '=', id)
    .execute();
}

/** Runs one sync. Throws 409 directory-sync-running while another runs, 503 directory-unavailable when the directory cannot be read. */
export async function runDirectorySync(deps: SyncDeps, trigger: SyncTrigger, onProgress?: (done: number, total: number) => void): Promise<SyncResult & { status: 'ok' | 'refused' }> {
  const { db, ldap } = deps;
  const runId = await startRun(db, trigger);
  const result: SyncResult = { created: 0, updated: 0, deactivated: 0, errors: [] };
  const system: Actor = { actorId: null, ip: null };
  const issuer = ldapIssuer(ldap);

  let people: DirectoryPerson[];
  try {
    people = await listDirectoryPeople(ldap);
  } catch (error) {
    const message =
      error instanceof DirectoryUnavailable
        ? error.message
        : (error as { code?: number }).code === 4
          ? 'The directory stopped at its size limit before listing everyone: give the service account an unlimited size limit (OpenLDAP: limits dn.exact="<bind DN>" size=unlimited)'
          : `Reading the directory failed: ${(error as Error).message}`;
    deps.log?.warn({ err: error }, 'directory sync: directory unavailable');
    await finishRun(db, runId, 'failed', result, null, message);
    throw syncUnavailable(message);
  }

  if (people.length === 0) {
    const message = 'The directory returned no accounts (check STAFETTE_LDAP_USER_BASE and STAFETTE_LDAP_USER_FILTER); nobody was deactivated.';
    result.errors.push(message);
    await finishRun(db, runId, 'refused', result, 0, message);
    return { ...result, status: 'refused' };
  }

  const present = new Set<string>();
  const changed: { userId: string; role: boolean; spaces: string[] }[] = [];
  for (const [index, person] of people.entries()) {
    onProgress?.(index + 1, people.length);
    if (person.disabled) continue;
    present.add(person.subject);
    if (!person.email) {
      result.errors.push(`${person.dn}: no e-mail address (mail or userPrincipalName); not created.`);
      continue;
    }
    try {
      await db.transaction().execute(async (trx) => {
        const reactivated = await reactivateIfDirectoryDeactivated(trx, issuer, person.subject, system);
        const { userId, created, updated } = await provisionDirectoryUser(
          trx,
          { provider: 'ldap', issuer, subject: person.subject, email: person.email!, displayName: person.displayName, ...(person.departureDate !== undefined ? { departureDate: person.departureDate } : {}) },
          system,
          { linkByEmail: deps.directory.linkByEmail },
        );
        const roles = await applyGroupMappings(trx, userId, person.groups, system);
        if (created) result.created += 1;
        else if (reactivated || updated || roles.instanceRoleChanged || roles.spacesChanged.length > 0) result.updated += 1;
        changed.push({ userId, role: reactivated || roles.instanceRoleChanged, spaces: roles.spacesChanged });
      });
    } catch (error) {
      // Deactivated here by an administrator: the directory does not bring it back.
      if (error instanceof Problem && error.slug === 'account-deactivated') continue;
      const reason = error instanceof Problem && error.slug === 'account-link-not-allowed' ? 'a local account has this e-mail address (linking needs STAFETTE_DIRECTORY_LINK_BY_EMAIL=true)' : (error as Error).message;
      result.errors.push(`${person.email}: ${reason}`);
    }
  }
  for (const c of changed) {
    if (c.role) deps.events?.emit('user.changed', c.userId);
    for (const spaceId of c.spaces) deps.events?.emit('membership.changed', spaceId, c.userId);
  }

  const linked = await db
    .selectFrom('user_identities')
    .innerJoin('users', 'users.id', 'user_identities.user_id')
    .select(['users.id', 'users.email', 'user_identities.subject'])
    .where('provider', '=', 'ldap')
    .where('issuer', '=', issuer)
    .where('users.active', '=', true)
    .execute();
  const leaving = linked.filter((l) => !present.has(l.subject));
  const share = linked.length === 0 ? 0 : leaving.length / linked.length;
  if (leaving.length > 0 && share > deps.directory.maxDeactivateShare) {
    const message =
      `Refused to deactivate ${leaving.length} of ${linked.length} directory accounts (${Math.round(share * 100)} %, more than ` +
      `${Math.round(deps.directory.maxDeactivateShare * 100)} %, STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE): nobody was deactivated. ` +
      'Check STAFETTE_LDAP_USER_BASE and STAFETTE_LDAP_USER_FILTER, or raise the share for a planned large change.';
    result.errors.push(message);
    await finishRun(db, runId, 'refused', result, people.length, message);
    deps.log?.warn({ leaving: leaving.length, linked: linked.length }, 'directory sync: mass deactivation refused');
    return { ...result, status: 'refused' };
  }

  for (const account of leaving) {
    await deactivateDirectoryAccount(db, account.id, system);
    result.deactivated += 1;
    deps.events?.emit('user.changed', account.id);
    deps.events?.emit('credentials.revoked', account.id, true);
  }
  await finishRun(db, runId, 'ok', result, people.length, null);
  deps.log?.info({ ...result, errors: result.errors.length }, 'directory sync done');
  return { ...result, status: 'ok' };
}

/** Deactivates an account whose directory entry is gone or disabled: as an administrator's deactivation, and its API tokens are revoked. */
async function deactivateDirectoryAccount(db: Kysely<DB>, userId: string, actor: Actor): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ active: false, deactivated_at: new Date(), updated_at: new Date() }).where('id', '=', userId).execute();
    await endAllSessions(trx, userId);
    const tokensRevoked = await revokeAllApiTokens(trx, userId);
    await recordAudit(trx, { ...actor, action: 'user.deactivate', targetType: 'user', targetId: userId, detail: { source: 'ldap', reason: 'removed or disabled in the directory', tokensRevoked } });
  });
}

/**
 * An account the sync deactivated (its entry was disabled or gone) whose entry is enabled again
 * comes back; one an administrator deactivated stays deactivated. The latest (de)activation in
 * the audit log says which. True when the account was reactivated.
 */
export async function reactivateIfDirectoryDeactivated(trx: Transaction<DB>, issuer: string, subject: string, actor: Actor): Promise<boolean> {
  const account = await trx
    .selectFrom('user_identities')
    .innerJoin('users', 'users.id', 'user_identities.user_id')
    .select(['users.id', 'users.active'])
    .where('provider', '=', 'ldap')
    .where('issuer', '=', issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (!account || account.active) return false;
  const last = await trx
    .selectFrom('audit_log')
    .select(['action', 'detail'])
    .where('target_id', '=', account.id)
    .where('action', 'in', ['user.deactivate', 'user.reactivate'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last?.action !== 'user.deactivate' || (last.detail as { source?: string }).source !== 'ldap') return false;
  await trx.updateTable('users').set({ active: true, deactivated_at: null, updated_at: new Date() }).where('id', '=', account.id).execute();
  await recordAudit(trx, { ...actor, action: 'user.reactivate', targetType: 'user', targetId: account.id, detail: { source: 'ldap', reason: 'enabled in the directory again' } });
  return true;
}
