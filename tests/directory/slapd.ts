import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Attribute, Change, Client } from 'ldapts';
import type { LdapOptions } from '../../server/src/directory/options.ts';
import { DEFAULT_GROUP_FILTER, DEFAULT_USER_FILTER } from '../../server/src/directory/options.ts';

/**
 * A real OpenLDAP slapd for the directory tests, started on free ports with a generated
 * configuration: plain LDAP (StartTLS offered) and LDAPS with a certificate from a CA made for
 * the run, the memberof overlay, and a small schema of Active Directory's attributes
 * (userAccountControl, sAMAccountName) plus a leaving date. Tests change the directory through
 * `admin()` as the root DN.
 */

export const SUFFIX = 'dc=stadt,dc=example';
export const ROOT_DN = `cn=admin,${SUFFIX}`;
const ROOT_PW = 'wurzel-Geheimnis';
export const SERVICE_DN = `cn=stafette,ou=system,${SUFFIX}`;
export const SERVICE_PW = 'dienst-Konto-Passwort';
export const PEOPLE = `ou=people,${SUFFIX}`;
export const GROUPS = `ou=groups,${SUFFIX}`;

const SCHEMA = `
attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.2 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99999.1.3 NAME 'stafetteLeavingDate' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'stafetteAdAccount' AUXILIARY MAY ( userAccountControl $ sAMAccountName $ stafetteLeavingDate ) )
`;

export interface Slapd {
  /** ldap://127.0.0.1:port (StartTLS available) */
  url: string;
  /** ldaps://127.0.0.1:port */
  ldapsUrl: string;
  /** The CA that signed the server certificate (PEM file). */
  caFile: string;
  /** LdapOptions for this server (plain LDAP allowed, group search on) with `overrides`. */
  options(overrides?: Partial<LdapOptions>): LdapOptions;
  /** Runs `work` bound as the root DN. */
  admin<T>(work: (client: Client) => Promise<T>): Promise<T>;
  /** Stops the server (the directory becomes unreachable); `up` starts it again with the same data. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export function slapdAvailable(): boolean {
  return fs.existsSync('/usr/sbin/slapd');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function makeCertificates(dir: string): void {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=Stafette Test CA', '-days', '2');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost');
  fs.writeFileSync(path.join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '2', '-extfile', 'san.cnf');
  fs.chmodSync(path.join(dir, 'server.key'), 0o644);
}

/** Starts slapd and loads the base entries (organisational units and the service account). */
export async function startSlapd(): Promise<Slapd> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-slapd-'));
  fs.mkdirSync(path.join(dir, 'db'));
  makeCertificates(dir);
  fs.writeFileSync(path.join(dir, 'ad.schema'), SCHEMA);
  fs.writeFileSync(
    path.join(dir, 'slapd.conf'),
    [
      'include /etc/ldap/schema/core.schema',
      'include /etc/ldap/schema/cosine.schema',
      'include /etc/ldap/schema/inetorgperson.schema',
      'include /etc/ldap/schema/nis.schema',
      `include ${dir}/ad.schema`,
      `pidfile ${dir}/slapd.pid`,
      'modulepath /usr/lib/ldap',
      'moduleload back_mdb',
      'moduleload memberof',
      `TLSCACertificateFile ${dir}/ca.crt`,
      `TLSCertificateFile ${dir}/server.crt`,
      `TLSCertificateKeyFile ${dir}/server.key`,
      'database mdb',
      'maxsize 67108864',
      `suffix "${SUFFIX}"`,
      `rootdn "${ROOT_DN}"`,
      `rootpw ${ROOT_PW}`,
      `directory ${dir}/db`,
      // Passwords are only ever checked by a bind; reading needs a bound account.
      'access to attrs=userPassword by anonymous auth by self write by * none',
      'access to * by users read by * none',
      // What the README asks of a real directory: the service account may read everyone (slapd's default stops at 500).
      `limits dn.exact="${SERVICE_DN}" size=unlimited`,
      'overlay memberof',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const ldapsPort = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${ldapsPort}`;
  const args = ['-f', path.join(dir, 'slapd.conf'), '-h', `${url}/ ${ldapsUrl}/`, '-d', '0'];
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const up = async () => {
    const started = spawn('/usr/sbin/slapd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = started;
    let stderr = '';
    started.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    for (let attempt = 0; !(await reachable(port)); attempt++) {
      if (started.exitCode !== null || attempt > 200) throw new Error(`slapd did not start: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const down = async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    child = null;
  };
  await up();

  const admin = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url, timeout: 10_000 });
    await client.bind(ROOT_DN, ROOT_PW);
    try {
      return await work(client);
    } finally {
      await client.unbind();
    }
  };
  await admin(async (c) => {
    await c.add(SUFFIX, { objectClass: ['dcObject', 'organization'], dc: 'stadt', o: 'Stadt Beispiel' });
    for (const ou of ['people', 'groups', 'system', 'empty']) await c.add(`ou=${ou},${SUFFIX}`, { objectClass: 'organizationalUnit', ou });
    await c.add(SERVICE_DN, { objectClass: ['organizationalRole', 'simpleSecurityObject'], cn: 'stafette', userPassword: SERVICE_PW });
  });

  const caFile = path.join(dir, 'ca.crt');
  return {
    url,
    ldapsUrl,
    caFile,
    options: (overrides = {}) => ({
      url,
      bindDn: SERVICE_DN,
      bindPassword: SERVICE_PW,
      userBase: PEOPLE,
      userFilter: DEFAULT_USER_FILTER,
      groupBase: GROUPS,
      groupFilter: DEFAULT_GROUP_FILTER,
      departureAttribute: 'stafetteLeavingDate',
      syncMinutes: 0,
      caFile: null,
      startTls: false,
      allowPlaintext: true,
      timeoutMs: 5_000,
      ...overrides,
    }),
    admin,
    down,
    up,
    async stop() {
      await down();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PersonSeed {
  uid: string;
  cn: string;
  givenName?: string;
  sn: string;
  mail?: string;
  password: string;
  leavingDate?: string;
  userAccountControl?: number;
  sAMAccountName?: string;
}

export const personDn = (uid: string) => `uid=${uid},${PEOPLE}`;
export const groupDn = (cn: string) => `cn=${cn},${GROUPS}`;

export async function addPerson(client: Client, p: PersonSeed): Promise<string> {
  const ad = p.leavingDate !== undefined || p.userAccountControl !== undefined || p.sAMAccountName !== undefined;
  await client.add(personDn(p.uid), {
    objectClass: ['inetOrgPerson', ...(ad ? ['stafetteAdAccount'] : [])],
    uid: p.uid,
    cn: p.cn,
    sn: p.sn,
    ...(p.givenName ? { givenName: p.givenName } : {}),
    ...(p.mail ? { mail: p.mail } : {}),
    userPassword: p.password,
    ...(p.leavingDate ? { stafetteLeavingDate: p.leavingDate } : {}),
    ...(p.userAccountControl !== undefined ? { userAccountControl: String(p.userAccountControl) } : {}),
    ...(p.sAMAccountName ? { sAMAccountName: p.sAMAccountName } : {}),
  });
  return personDn(p.uid);
}

/** A groupOfNames (needs at least one member). */
export async function addGroup(client: Client, cn: string, members: string[]): Promise<string> {
  await client.add(groupDn(cn), { objectClass: 'groupOfNames', cn, member: members });
  return groupDn(cn);
}

export async function setGroupMembers(client: Client, cn: string, members: string[]): Promise<void> {
  await client.modify(groupDn(cn), new Change({ operation: 'replace', modification: new Attribute({ type: 'member', values: members }) }));
}

export async function setAttribute(client: Client, dn: string, type: string, values: string[]): Promise<void> {
  await client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type, values }) }));
}
