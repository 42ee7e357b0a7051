import { envInteger } from '../env-integers.ts';

/**
 * LDAP / Active Directory settings (`STAFETTE_LDAP_*`). `config.ldap` is null when
 * `STAFETTE_LDAP_URL` is unset: then no login name is looked up and no sync runs.
 */
export interface LdapOptions {
  /** `ldaps://host:636` or `ldap://host:389` (the latter only with StartTLS or allowPlaintext). */
  url: string;
  /** The service account that searches people and groups; null binds anonymously. */
  bindDn: string | null;
  bindPassword: string | null;
  /** Where people are searched (subtree). */
  userBase: string;
  /**
   * The filter that finds one person by what they type; `{login}` stands for the typed name,
   * RFC 4515-escaped. The sync lists everyone by putting a presence test (`*`) in its place.
   */
  userFilter: string;
  /** Where groups are searched (subtree); null: only the person's `memberOf` values count. */
  groupBase: string | null;
  /** The filter that finds a person's groups; `{dn}` stands for the person's DN, escaped. */
  groupFilter: string;
  /** An attribute holding the planned leaving date (`YYYY-MM-DD` or generalized time); null: none. */
  departureAttribute: string | null;
  /** Minutes between directory syncs; 0 turns the timer off (admins and the CLI can still sync). */
  syncMinutes: number;
  /** PEM file with the CA that signed the directory's certificate (LDAPS and StartTLS). */
  caFile: string | null;
  /** Upgrade an `ldap://` connection with StartTLS before any bind. */
  startTls: boolean;
  /** Permit `ldap://` without StartTLS: passwords then cross the network in clear text. */
  allowPlaintext: boolean;
  /** Connect and operation timeout (ms). */
  timeoutMs: number;
}

/** Settings shared by every directory (LDAP and OpenID Connect). */
export interface DirectoryOptions {
  /**
   * A directory sync refuses to deactivate more than this share of the directory's accounts
   * at once (`STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE`, 0..1, default 0.2).
   */
  maxDeactivateShare: number;
  /**
   * A first directory sign-in whose e-mail belongs to an existing local account links the two
   * only when this is on (`STAFETTE_DIRECTORY_LINK_BY_EMAIL=true`); otherwise it is refused.
   */
  linkByEmail: boolean;
}

/**
 * People, not computers: inetOrgPerson entries (OpenLDAP and most directories), or AD users of
 * category person (AD computer accounts are users too). Classes and attributes a server does not
 * know evaluate to Undefined there, which an OR passes over, so one filter serves both.
 */
export const DEFAULT_USER_FILTER =
  '(&(|(objectClass=inetOrgPerson)(&(objectClass=user)(objectCategory=person)))(|(uid={login})(mail={login})(sAMAccountName={login})))';
export const DEFAULT_GROUP_FILTER = '(&(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=group))(|(member={dn})(uniqueMember={dn})))';

function str(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? '').trim();
  if (raw === '' || /^(false|0|no)$/i.test(raw)) return false;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

/** `config.ldap` from the environment; null without `STAFETTE_LDAP_URL`. Refuses settings that would send passwords in clear. */
export function ldapOptionsFrom(env: NodeJS.ProcessEnv): LdapOptions | null {
  const url = str(env.STAFETTE_LDAP_URL);
  if (url === null) return null;
  let scheme: string;
  try {
    scheme = new URL(url).protocol;
  } catch {
    throw new Error(`STAFETTE_LDAP_URL must be an ldaps:// or ldap:// URL, got "${url}"`);
  }
  if (scheme !== 'ldaps:' && scheme !== 'ldap:') throw new Error(`STAFETTE_LDAP_URL must be an ldaps:// or ldap:// URL, got "${url}"`);
  const startTls = flag(env, 'STAFETTE_LDAP_STARTTLS');
  const allowPlaintext = flag(env, 'STAFETTE_LDAP_ALLOW_PLAINTEXT');
  if (scheme === 'ldaps:' && startTls) throw new Error('STAFETTE_LDAP_STARTTLS applies to ldap:// URLs; an ldaps:// connection is encrypted from the start');
  if (scheme === 'ldap:' && !startTls && !allowPlaintext) {
    throw new Error('STAFETTE_LDAP_URL is ldap:// without encryption: use ldaps://, set STAFETTE_LDAP_STARTTLS=true, or (test networks only) STAFETTE_LDAP_ALLOW_PLAINTEXT=true');
  }
  const userBase = str(env.STAFETTE_LDAP_USER_BASE);
  if (userBase === null) throw new Error('STAFETTE_LDAP_USER_BASE is required with STAFETTE_LDAP_URL');
  const userFilter = str(env.STAFETTE_LDAP_USER_FILTER) ?? DEFAULT_USER_FILTER;
  if (!userFilter.includes('{login}')) throw new Error('STAFETTE_LDAP_USER_FILTER must contain {login} where the typed login name goes');
  const groupFilter = str(env.STAFETTE_LDAP_GROUP_FILTER) ?? DEFAULT_GROUP_FILTER;
  if (!groupFilter.includes('{dn}')) throw new Error("STAFETTE_LDAP_GROUP_FILTER must contain {dn} where the person's DN goes");
  const bindDn = str(env.STAFETTE_LDAP_BIND_DN);
  const bindPassword = env.STAFETTE_LDAP_BIND_PASSWORD ?? null;
  if (bindDn !== null && !bindPassword) throw new Error('STAFETTE_LDAP_BIND_PASSWORD is required with STAFETTE_LDAP_BIND_DN');
  return {
    url,
    bindDn,
    bindPassword: bindDn === null ? null : bindPassword,
    userBase,
    userFilter,
    groupBase: str(env.STAFETTE_LDAP_GROUP_BASE),
    groupFilter,
    departureAttribute: str(env.STAFETTE_LDAP_DEPARTURE_ATTRIBUTE),
    syncMinutes: envInteger(env, 'STAFETTE_LDAP_SYNC_MINUTES', 60),
    caFile: str(env.STAFETTE_LDAP_CA_FILE),
    startTls,
    allowPlaintext,
    timeoutMs: envInteger(env, 'STAFETTE_LDAP_TIMEOUT_MS', 10_000, 1),
  };
}

/** `config.directory` from the environment. */
export function directoryOptionsFrom(env: NodeJS.ProcessEnv): DirectoryOptions {
  const rawShare = str(env.STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE);
  const maxDeactivateShare = rawShare === null ? 0.2 : Number(rawShare);
  if (!Number.isFinite(maxDeactivateShare) || maxDeactivateShare < 0 || maxDeactivateShare > 1) {
    throw new Error(`STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE must be a number from 0 to 1, got "${rawShare}"`);
  }
  return { maxDeactivateShare, linkByEmail: flag(env, 'STAFETTE_DIRECTORY_LINK_BY_EMAIL') };
}
