import fs from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, type Entry, InvalidCredentialsError } from 'ldapts';
import type { LdapOptions } from './options.ts';
import { everyoneFilter, fillFilter } from './ldap-filter.ts';

/**
 * Talking to an LDAP directory or Active Directory with `ldapts`: the service account searches,
 * a person's own bind checks their password. Connections are encrypted (LDAPS, or StartTLS
 * before any bind) unless plain LDAP was allowed explicitly; certificates are checked against the
 * configured CA file (else the system's CAs) and the host name of the URL.
 */

/** A person as the directory describes them. */
export interface DirectoryPerson {
  dn: string;
  /** Stable id: entryUUID (OpenLDAP), objectGUID (AD), else the DN. */
  subject: string;
  /** null: the entry has neither `mail` nor an e-mail-shaped `userPrincipalName`. */
  email: string | null;
  displayName: string;
  /** YYYY-MM-DD, null when the attribute is empty; undefined when no departure attribute is configured. */
  departureDate?: string | null;
  /** Disabled in the directory (AD userAccountControl bit 2, ACCOUNTDISABLE). */
  disabled: boolean;
  /** DNs (and names) of the groups the person belongs to. */
  groups: string[];
}

/** The directory could not be reached or refused the service account: distinct from a wrong password. */
export class DirectoryUnavailable extends Error {}

const BASE_ATTRIBUTES = ['uid', 'mail', 'userPrincipalName', 'sAMAccountName', 'cn', 'displayName', 'givenName', 'sn', 'memberOf', 'entryUUID', 'objectGUID', 'userAccountControl'];
const ACCOUNTDISABLE = 2;
const PAGE_SIZE = 500;

/** The issuer recorded with LDAP identities: an LDAP URL naming the user base, without a host, so another domain controller of the same directory keeps them. */
export function ldapIssuer(options: LdapOptions): string {
  return `ldap:///${options.userBase.toLowerCase()}`;
}

function tlsOptions(options: LdapOptions): ConnectionOptions {
  const host = new URL(options.url).hostname.replace(/^\[|\]$/g, '');
  return {
    minVersion: 'TLSv1.2',
    host,
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...(options.caFile ? { ca: [fs.readFileSync(options.caFile)] } : {}),
  };
}

/** An open, encrypted (or explicitly allowed plain) connection, not yet bound. */
async function connect(options: LdapOptions): Promise<Client> {
  const secure = options.url.toLowerCase().startsWith('ldaps:');
  const client = new Client({
    url: options.url,
    timeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
    strictDN: false,
    ...(secure ? { tlsOptions: tlsOptions(options) } : {}),
  });
  if (!secure && options.startTls) {
    try {
      await client.startTLS(tlsOptions(options));
    } catch (error) {
      await client.unbind().catch(() => undefined);
      throw new DirectoryUnavailable(`StartTLS failed: ${(error as Error).message}`);
    }
  }
  return client;
}

/** Runs `work` on a connection bound as the service account (or anonymous); always unbinds. */
export async function withServiceConnection<T>(options: LdapOptions, work: (client: Client) => Promise<T>): Promise<T> {
  let client: Client;
  try {
    client = await connect(options);
    if (options.bindDn) await client.bind(options.bindDn, options.bindPassword ?? '');
  } catch (error) {
    if (error instanceof DirectoryUnavailable) throw error;
    throw new DirectoryUnavailable(error instanceof InvalidCredentialsError ? 'The service account was refused (STAFETTE_LDAP_BIND_DN/BIND_PASSWORD)' : `Directory unreachable: ${(error as Error).message}`);
  }
  try {
    return await work(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

function first(entry: Entry, name: string): string | null {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return null;
  const value = entry[key];
  const one = Array.isArray(value) ? value[0] : value;
  if (one === undefined) return null;
  const text = Buffer.isBuffer(one) ? one.toString('utf8') : String(one);
  return text.trim() === '' ? null : text.trim();
}

function all(entry: Entry, name: string): string[] {
  const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return [];
  const value = entry[key];
  return (Array.isArray(value) ? value : [value]).map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

/**
 * A departure date from the attribute's value: `YYYY-MM-DD`, LDAP generalized time
 * (`20261231000000Z`), or an AD FILETIME such as `accountExpires` (0 and the maximum mean never).
 */
export function parseDepartureDate(value: string | null): string | null {
  if (value === null) return null;
  const v = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})\d{0,6}(?:[.,]\d+)?(?:Z|[+-]\d{4})?$/.exec(v);
  if (iso && v.length <= 25 && !/^\d{15,}$/.test(v)) {
    const date = `${iso[1]}-${iso[2]}-${iso[3]}`;
    return Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ? null : date;
  }
  if (/^\d{15,19}$/.test(v)) {
    const ticks = BigInt(v);
    if (ticks === 0n || ticks >= 9223372036854775807n) return null;
    const ms = Number(ticks / 10000n) - 11644473600000;
    return new Date(ms).toISOString().slice(0, 10);
  }
  return null;
}

function personOf(entry: Entry, options: LdapOptions): Omit<DirectoryPerson, 'groups'> & { memberOf: string[] } {
  const guid = entry.objectGUID ?? entry.objectguid;
  const guidHex = Buffer.isBuffer(guid) ? guid.toString('hex') : Array.isArray(guid) && Buffer.isBuffer(guid[0]) ? guid[0].toString('hex') : null;
  const upn = first(entry, 'userPrincipalName');
  const mail = first(entry, 'mail') ?? (upn && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(upn) ? upn : null);
  const given = first(entry, 'givenName');
  const sn = first(entry, 'sn');
  const displayName = first(entry, 'displayName') ?? (given && sn ? `${given} ${sn}` : null) ?? first(entry, 'cn') ?? first(entry, 'uid') ?? first(entry, 'sAMAccountName') ?? '';
  const uac = Number(first(entry, 'userAccountControl') ?? '0');
  return {
    dn: entry.dn,
    subject: first(entry, 'entryUUID') ?? guidHex ?? entry.dn,
    email: mail,
    displayName,
    ...(options.departureAttribute ? { departureDate: parseDepartureDate(first(entry, options.departureAttribute)) } : {}),
    disabled: Number.isInteger(uac) && (uac & ACCOUNTDISABLE) !== 0,
    memberOf: all(entry, 'memberOf'),
  };
}

function attributes(options: LdapOptions): string[] {
  return options.departureAttribute ? [...BASE_ATTRIBUTES, options.departureAttribute] : BASE_ATTRIBUTES;
}

/** The groups of a person: their `memberOf` values and, with a group base, the groups whose members list them. */
async function groupsOf(client: Client, options: LdapOptions, dn: string, memberOf: string[]): Promise<string[]> {
  const groups = new Set(memberOf);
  if (options.groupBase) {
    const { searchEntries } = await client.search(options.groupBase, { scope: 'sub', filter: fillFilter(options.groupFilter, { dn }), attributes: ['cn'], paged: { pageSize: PAGE_SIZE } });
    for (const group of searchEntries) {
      groups.add(group.dn);
      const cn = first(group, 'cn');
      if (cn) groups.add(cn);
    }
  }
  return [...groups];
}

async function complete(client: Client, options: LdapOptions, entry: Entry): Promise<DirectoryPerson> {
  const { memberOf, ...person } = personOf(entry, options);
  return { ...person, groups: await groupsOf(client, options, entry.dn, memberOf) };
}

export type LoginResult = { ok: true; person: DirectoryPerson } | { ok: false; reason: 'unknown' | 'ambiguous' | 'wrong-password' | 'disabled' };

/**
 * Checks a login name and password: the service account finds exactly one person by the user
 * filter, then a bind as that person checks the password (an empty password is refused before
 * it could become an anonymous bind). Throws DirectoryUnavailable when the directory is down.
 */
export async function verifyDirectoryLogin(options: LdapOptions, login: string, password: string): Promise<LoginResult> {
  if (password === '' || login.trim() === '') return { ok: false, reason: 'unknown' };
  return withServiceConnection(options, async (client) => {
    const { searchEntries } = await client.search(options.userBase, {
      scope: 'sub',
      filter: fillFilter(options.userFilter, { login: login.trim() }),
      attributes: attributes(options),
      explicitBufferAttributes: ['objectGUID'],
      sizeLimit: 2,
    }).catch((error: Error & { code?: number }) => {
      // sizeLimitExceeded (4): more than one entry matches.
      if (error.code === 4) return { searchEntries: [{ dn: '' }, { dn: '' }] as Entry[] };
      throw error;
    });
    if (searchEntries.length === 0) return { ok: false, reason: 'unknown' };
    if (searchEntries.length > 1) return { ok: false, reason: 'ambiguous' };
    const entry = searchEntries[0]!;
    const userClient = await connect(options).catch((error: Error) => {
      throw new DirectoryUnavailable(`Directory unreachable: ${error.message}`);
    });
    try {
      await userClient.bind(entry.dn, password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return { ok: false, reason: 'wrong-password' };
      throw error;
    } finally {
      await userClient.unbind().catch(() => undefined);
    }
    const person = await complete(client, options, entry);
    if (person.disabled) return { ok: false, reason: 'disabled' };
    return { ok: true, person };
  });
}

/** Everyone the user filter can find, with their groups (the sync). `onProgress` counts the people read. */
export async function listDirectoryPeople(options: LdapOptions, onProgress?: (done: number, total: number) => void): Promise<DirectoryPerson[]> {
  return withServiceConnection(options, async (client) => {
    const { searchEntries } = await client.search(options.userBase, {
      scope: 'sub',
      filter: everyoneFilter(options.userFilter),
      attributes: attributes(options),
      explicitBufferAttributes: ['objectGUID'],
      paged: { pageSize: PAGE_SIZE },
    });
    const people: DirectoryPerson[] = [];
    for (const entry of searchEntries) {
      people.push(await complete(client, options, entry));
      onProgress?.(people.length, searchEntries.length);
    }
    return people;
  });
}
