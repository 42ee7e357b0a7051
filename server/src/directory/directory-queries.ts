import type { Kysely, Selectable } from 'kysely';
import type { DirectoryStatus, DirectorySyncRun } from '@stafette/api';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { ldapIssuer } from './ldap-client.ts';

function runJson(row: Selectable<DB['directory_sync_runs']>): DirectorySyncRun {
  return {
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    trigger: row.trigger,
    status: row.status,
    directoryAccounts: row.directory_accounts,
    created: row.created,
    updated: row.updated,
    deactivated: row.deactivated,
    errors: row.errors,
    error: row.error,
  };
}

/** Active accounts linked to a provider (for LDAP: to this directory's issuer). */
async function linkedAccounts(db: Kysely<DB>, provider: 'ldap' | 'oidc', issuer?: string): Promise<number> {
  let query = db
    .selectFrom('user_identities')
    .innerJoin('users', 'users.id', 'user_identities.user_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('provider', '=', provider)
    .where('users.active', '=', true);
  if (issuer !== undefined) query = query.where('issuer', '=', issuer);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The admin screen's view: which sign-ins are on, the last LDAP sync, how many accounts each directory brings. */
export async function directoryStatus(db: Kysely<DB>, config: Config): Promise<DirectoryStatus> {
  const mappings = await db.selectFrom('directory_group_mappings').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  let ldap: DirectoryStatus['ldap'] = null;
  if (config.ldap) {
    const last = await db.selectFrom('directory_sync_runs').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    const success = await db.selectFrom('directory_sync_runs').select('finished_at').where('status', '=', 'ok').orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    ldap = {
      url: config.ldap.url,
      userBase: config.ldap.userBase,
      groupBase: config.ldap.groupBase,
      departureAttribute: config.ldap.departureAttribute,
      syncMinutes: config.ldap.syncMinutes,
      encryption: config.ldap.url.toLowerCase().startsWith('ldaps:') ? 'ldaps' : config.ldap.startTls ? 'starttls' : 'none',
      accounts: await linkedAccounts(db, 'ldap', ldapIssuer(config.ldap)),
      lastSync: last ? runJson(last) : null,
      lastSuccessAt: success?.finished_at?.toISOString() ?? null,
    };
  }
  const oidc = config.oidc ? { name: config.oidc.name, issuer: config.oidc.issuer, accounts: await linkedAccounts(db, 'oidc') } : null;
  return { local: config.localLogin, ldap, oidc, mappings: Number(mappings.n) };
}
