import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { DirectoryStatus, DirectorySyncResult, GroupMapping, RiskResult } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GROUP_FILTER, DEFAULT_USER_FILTER } from '../../server/src/directory/options.ts';
import { backends } from '../support/databases.ts';
import { type CollabTestApp, startCollabApp, synced, waitFor } from '../support/collab.ts';
import { attach, dateIn } from '../support/knowledge.ts';
import { importMarkdown, seedPage, seedProcess, seedSpace } from '../support/seed.ts';
import { Client, type UserClient } from '../support/test-app.ts';
import { addGroup, addPerson, groupDn, GROUPS, PEOPLE, personDn, SERVICE_DN, SERVICE_PW, setAttribute, setGroupMembers, type Slapd, slapdAvailable, startSlapd, SUFFIX } from './slapd.ts';

/**
 * LDAP / Active Directory sign-in and sync against a real OpenLDAP slapd: people with umlauts, an
 * AD-style login name, a disabled account (userAccountControl bit 2) and a leaving date; groups
 * that become instance and space roles; people removed or disabled in the directory lose access
 * (sessions, API tokens, open collaboration sockets); a directory that is down, empty or would
 * take away too many people deactivates nobody.
 */

const PASSWORDS: Record<string, string> = {
  jmueller: 'Jürgen-Passwort-1',
  aschaefer: 'Anna-Passwort-22',
  bweiss: 'Björn-Passwort-333',
  cklein: 'Claudia-Passwort-4',
  dkoenig: 'Doris-Passwort-55',
  ezoellner: 'Emil-Passwort-666',
  fgesperrt: 'Frieda-Passwort-7',
  gneu: 'Gerda-Passwort-88',
};

const root = path.resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

describe.skipIf(!slapdAvailable()).each(backends)('LDAP directory on %s', (backend) => {
  let slapd: Slapd;
  let t: CollabTestApp;
  let admin: UserClient;
  let buergerbuero: string;
  let bauamt: string;
  /** Anna's browser session from before the directory lost her (the CLI test watches her socket). */
  let annaSession: Client | null = null;

  beforeAll(async () => {
    slapd = await startSlapd();
    await slapd.admin(async (c) => {
      await addPerson(c, { uid: 'jmueller', cn: 'Jürgen Müller', givenName: 'Jürgen', sn: 'Müller', mail: 'juergen.mueller@stadt.example', password: PASSWORDS.jmueller!, leavingDate: dateIn(30) });
      await addPerson(c, { uid: 'aschaefer', cn: 'Anna Schäfer', sn: 'Schäfer', mail: 'anna.schaefer@stadt.example', password: PASSWORDS.aschaefer!, sAMAccountName: 'ASchaefer', userAccountControl: 512 });
      await addPerson(c, { uid: 'bweiss', cn: 'Björn Weiß', sn: 'Weiß', mail: 'bjoern.weiss@stadt.example', password: PASSWORDS.bweiss! });
      await addPerson(c, { uid: 'cklein', cn: 'Claudia Klein', sn: 'Klein', mail: 'claudia.klein@stadt.example', password: PASSWORDS.cklein! });
      await addPerson(c, { uid: 'dkoenig', cn: 'Doris König', sn: 'König', mail: 'doris.koenig@stadt.example', password: PASSWORDS.dkoenig! });
      await addPerson(c, { uid: 'ezoellner', cn: 'Emil Zöllner', sn: 'Zöllner', mail: 'emil.zoellner@stadt.example', password: PASSWORDS.ezoellner!, userAccountControl: 512 });
      // Disabled in the directory: ACCOUNTDISABLE (2) | NORMAL_ACCOUNT (512).
      await addPerson(c, { uid: 'fgesperrt', cn: 'Frieda Gesperrt', sn: 'Gesperrt', mail: 'frieda.gesperrt@stadt.example', password: PASSWORDS.fgesperrt!, userAccountControl: 514 });
      await addGroup(c, 'GG-Bürgerbüro', [personDn('jmueller'), personDn('aschaefer')]);
      await addGroup(c, 'GG-Wissensmanagement', [personDn('aschaefer')]);
      await addGroup(c, 'GG-IT-Admins', [personDn('bweiss')]);
    });
    t = await startCollabApp(backend, { ldap: slapd.options(), directory: { maxDeactivateShare: 0.2, linkByEmail: false } });
    admin = await t.userClient({ role: 'admin', displayName: 'Erste Administratorin' });
    buergerbuero = await seedSpace(t.database.db, { name: 'Bürgerbüro', owners: [admin.user] });
    bauamt = await seedSpace(t.database.db, { name: 'Bauamt', owners: [admin.user] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await slapd?.stop();
  });

  const login = (email: string, password: string) => t.anonymous.post('/api/v1/auth/login', { email, password });
  const signIn = async (login_: string, uid: string) => {
    const res = await login(login_, PASSWORDS[uid]!);
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'stafette_session')!;
    return Object.assign(new Client(t.app, { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': res.json().csrfToken }), { user: res.json().user });
  };
  const userByEmail = (email: string) => t.database.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const sync = async (expected = 200) => {
    const res = await admin.post('/api/v1/admin/directory/sync');
    expect(res.statusCode, res.body).toBe(expected);
    return res.json() as DirectorySyncResult;
  };
  const status = async () => (await admin.get('/api/v1/admin/directory')).json() as DirectoryStatus;
  const memberRole = async (spaceId: string, userId: string) =>
    (await t.database.db.selectFrom('space_members').select('role').where('space_id', '=', spaceId).where('user_id', '=', userId).executeTakeFirst())?.role ?? null;

  it('signs people in by login name, e-mail or AD account name; the first sign-in creates the account from the directory', async () => {
    const jm = await signIn('jmueller', 'jmueller');
    expect(jm.user).toMatchObject({ email: 'juergen.mueller@stadt.example', displayName: 'Jürgen Müller', role: 'user', active: true, plannedDepartureDate: dateIn(30) });
    const again = await signIn('Juergen.Mueller@Stadt.example', 'jmueller');
    expect(again.user.id).toBe(jm.user.id);
    const anna = await signIn('ASchaefer', 'aschaefer');
    expect(anna.user).toMatchObject({ displayName: 'Anna Schäfer', email: 'anna.schaefer@stadt.example' });

    // A normal session: the account can use the API, and has no local password to sign in with.
    expect((await jm.get('/api/v1/auth/me')).json().user.id).toBe(jm.user.id);
    const row = await userByEmail('juergen.mueller@stadt.example');
    expect(row!.password_hash).toBeNull();
    const identity = await t.database.db.selectFrom('user_identities').selectAll().where('user_id', '=', jm.user.id).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ provider: 'ldap', issuer: `ldap:///${PEOPLE}` });
    expect(identity.subject).toMatch(/^[0-9a-f-]{36}$/);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'detail']).where('target_id', '=', jm.user.id).where('action', '=', 'user.create').execute();
    expect(audit).toEqual([{ action: 'user.create', detail: { email: 'juergen.mueller@stadt.example', role: 'user', source: 'ldap' } }]);

    // Two first sign-ins at once (two browser tabs) make one account.
    const both = await Promise.all([login('bweiss', PASSWORDS.bweiss!), login('bjoern.weiss@stadt.example', PASSWORDS.bweiss!)]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(both[0]!.json().user.id).toBe(both[1]!.json().user.id);

    const providers = (await t.anonymous.get('/api/v1/auth/providers')).json();
    expect(providers.ldap).toBe(true);
  });

  it('answers a wrong password, an unknown name and an account disabled in the directory alike, and creates nobody', async () => {
    const before = await t.database.db.selectFrom('users').select('id').execute();
    for (const [name, password] of [
      ['jmueller', 'falsches-Passwort'],
      ['niemand', PASSWORDS.jmueller!],
      ['fgesperrt', PASSWORDS.fgesperrt!],
      ['frieda.gesperrt@stadt.example', PASSWORDS.fgesperrt!],
    ] as const) {
      const res = await login(name, password);
      expect(res.statusCode, name).toBe(401);
      expect(res.json().type).toBe('urn:stafette:problem:invalid-credentials');
    }
    expect(await t.database.db.selectFrom('users').select('id').execute()).toHaveLength(before.length);
  });

  it('takes filter syntax in the login name literally: injection attempts match nobody', async () => {
    for (const attempt of ['*', '*)(uid=*', 'jmueller)(|(uid=*', '*)(|(objectClass=*', 'jmuel*', 'jmueller)(objectClass=*', '\\2a', '*)(&']) {
      const res = await login(attempt, PASSWORDS.jmueller!);
      expect(res.statusCode, attempt).toBe(401);
    }
  });

  it('maps groups to roles: an instance role by group name, a space role by DN in any case; roles given by hand stay where no mapping manages them', async () => {
    const mappings: GroupMapping[] = [
      { group: 'gg-wissensmanagement', spaceId: null, role: 'knowledge_manager' },
      { group: groupDn('GG-Bürgerbüro').toUpperCase(), spaceId: buergerbuero, role: 'editor' },
      { group: 'GG-IT-Admins', spaceId: null, role: 'admin' },
    ];
    const put = await admin.put('/api/v1/admin/directory/mappings', mappings);
    expect(put.statusCode, put.body).toBe(200);
    expect((await admin.get('/api/v1/admin/directory/mappings')).json()).toEqual(expect.arrayContaining(mappings));
    // An instance mapping takes instance roles only, a space mapping space roles only.
    expect((await admin.put('/api/v1/admin/directory/mappings', [{ group: 'x', spaceId: null, role: 'editor' }])).statusCode).toBe(400);
    expect((await admin.put('/api/v1/admin/directory/mappings', [{ group: 'x', spaceId: bauamt, role: 'admin' }])).statusCode).toBe(400);

    const anna = (await userByEmail('anna.schaefer@stadt.example'))!;
    // Given by hand in a space no mapping names.
    expect((await admin.put(`/api/v1/spaces/${bauamt}/members/${anna.id}`, { role: 'reader' })).statusCode).toBe(200);

    const signedIn = await signIn('aschaefer', 'aschaefer');
    expect(signedIn.user.role).toBe('knowledge_manager');
    expect(await memberRole(buergerbuero, anna.id)).toBe('editor');
    expect(await memberRole(bauamt, anna.id)).toBe('reader');
    const bjoern = await signIn('bweiss', 'bweiss');
    expect(bjoern.user.role).toBe('admin');
    expect((await bjoern.get('/api/v1/admin/directory')).statusCode).toBe(200);

    // Anna leaves both groups: the next sync takes the mapped roles away, the hand-given one stays.
    await slapd.admin(async (c) => {
      await setGroupMembers(c, 'GG-Bürgerbüro', [personDn('jmueller')]);
      await setGroupMembers(c, 'GG-Wissensmanagement', [personDn('bweiss')]);
    });
    const result = await sync();
    // Claudia, Doris and Emil had not signed in yet; Frieda is disabled and never created.
    expect(result).toMatchObject({ created: 3, deactivated: 0, errors: [] });
    expect(result.updated).toBeGreaterThanOrEqual(2);
    expect(await userByEmail('frieda.gesperrt@stadt.example')).toBeUndefined();
    expect((await userByEmail('doris.koenig@stadt.example'))!.display_name).toBe('Doris König');
    const after = (await userByEmail('anna.schaefer@stadt.example'))!;
    expect(after.role).toBe('user');
    expect(await memberRole(buergerbuero, anna.id)).toBeNull();
    expect(await memberRole(bauamt, anna.id)).toBe('reader');
    expect((await userByEmail('bjoern.weiss@stadt.example'))!.role).toBe('admin');
  });

  it('carries the leaving date from the directory into the knowledge-at-risk map, and updates it at the next sync', async () => {
    const jm = await signIn('jmueller', 'jmueller');
    expect(await memberRole(buergerbuero, jm.user.id)).toBe('editor');
    const db = t.database.db;
    const processId = await seedProcess(db, buergerbuero, 'Gewerbe anmelden', ['Pruefen']);
    await attach(db, processId, 'Pruefen', await importMarkdown(jm, buergerbuero, 'Gewerbeanmeldung prüfen'));
    const leavingOf = async () => {
      const risk = (await admin.get(`/api/v1/knowledge-risk?processId=${processId}`)).json() as RiskResult;
      return risk.steps[0]!.reasons.find((r) => r.code === 'expert-leaving');
    };
    expect(await leavingOf()).toMatchObject({ userId: jm.user.id, date: dateIn(30) });

    await slapd.admin((c) => setAttribute(c, personDn('jmueller'), 'stafetteLeavingDate', [`${dateIn(60).replaceAll('-', '')}000000Z`]));
    await sync();
    expect((await userByEmail('juergen.mueller@stadt.example'))!.planned_departure_date).toBe(dateIn(60));
    expect(await leavingOf()).toMatchObject({ userId: jm.user.id, date: dateIn(60) });
  });

  it('a sync creates new people and deactivates people removed from the directory: session, API token and open editor socket end', async () => {
    const jm = await signIn('jmueller', 'jmueller');
    const token = (await jm.post('/api/v1/auth/tokens', { name: 'Skript' })).json().token as string;
    const { pageId } = await seedPage(t.database.db, { spaceId: buergerbuero });
    const socket = t.connect(pageId, { cookie: jm.headers.cookie! });
    await synced(socket);

    await slapd.admin(async (c) => {
      await c.del(personDn('jmueller'));
      await addPerson(c, { uid: 'gneu', cn: 'Gerda Neu', sn: 'Neu', mail: 'gerda.neu@stadt.example', password: PASSWORDS.gneu! });
    });
    // 1 of 7 directory accounts (Gerda counted): under the 20 % guard.
    const result = await sync();
    expect(result).toMatchObject({ created: 1, deactivated: 1, errors: [] });
    await waitFor(() => socket.closes.length > 0 && !socket.provider.shouldConnect, 10_000, 'editor socket closed');
    expect((await jm.get('/api/v1/auth/me')).statusCode).toBe(401);
    expect((await t.anonymous.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await userByEmail('juergen.mueller@stadt.example'))!.active).toBe(false);
    expect((await login('gneu', PASSWORDS.gneu!)).statusCode).toBe(200);

    // Disabled in AD (userAccountControl bit 2): deactivated at the next sync.
    await slapd.admin((c) => setAttribute(c, personDn('ezoellner'), 'userAccountControl', ['514']));
    expect(await sync()).toMatchObject({ deactivated: 1 });
    expect((await userByEmail('emil.zoellner@stadt.example'))!.active).toBe(false);
    expect((await login('ezoellner', PASSWORDS.ezoellner!)).statusCode).toBe(401);
    const audit = await t.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'user.deactivate').where('target_id', '=', (await userByEmail('emil.zoellner@stadt.example'))!.id).executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ source: 'ldap' });

    // Enabled again in AD: the account the sync deactivated comes back (one deactivated by an administrator would not).
    await slapd.admin((c) => setAttribute(c, personDn('ezoellner'), 'userAccountControl', ['512']));
    expect(await sync()).toMatchObject({ created: 0, updated: 1, deactivated: 0 });
    expect((await userByEmail('emil.zoellner@stadt.example'))!.active).toBe(true);
    expect((await login('ezoellner', PASSWORDS.ezoellner!)).statusCode).toBe(200);
    const bjoern = (await userByEmail('bjoern.weiss@stadt.example'))!;
    expect((await admin.patch(`/api/v1/users/${bjoern.id}`, { active: false })).statusCode).toBe(200);
    await sync();
    expect((await userByEmail('bjoern.weiss@stadt.example'))!.active).toBe(false);
    expect((await login('bweiss', PASSWORDS.bweiss!)).statusCode).toBe(401);
    expect((await admin.patch(`/api/v1/users/${bjoern.id}`, { active: true })).statusCode).toBe(200);
  });

  it('a directory that is down deactivates nobody; local accounts still sign in and directory people are told it is down', async () => {
    const active = async () => (await t.database.db.selectFrom('users').select('id').where('active', '=', true).execute()).length;
    const before = await active();
    await slapd.down();
    try {
      const res = await admin.post('/api/v1/admin/directory/sync');
      expect(res.statusCode).toBe(503);
      expect(res.json().type).toBe('urn:stafette:problem:directory-unavailable');
      expect(await active()).toBe(before);
      expect((await status()).ldap!.lastSync).toMatchObject({ status: 'failed', deactivated: 0, trigger: 'admin' });
      expect((await status()).ldap!.lastSync!.error).toMatch(/unreachable/i);

      // The first administrator signs in with the local password all the same.
      expect((await login(admin.user.email, 'korrekt-Pferd-Batterie')).statusCode).toBe(200);
      const refused = await login('aschaefer', PASSWORDS.aschaefer!);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().type).toBe('urn:stafette:problem:directory-unavailable');
    } finally {
      await slapd.up();
    }
  });

  it('a directory that returns nobody deactivates nobody', async () => {
    const ldap = t.app.config.ldap!;
    // As if STAFETTE_LDAP_USER_BASE named an empty branch.
    t.app.config.ldap = { ...ldap, userBase: `ou=empty,${SUFFIX}` };
    try {
      const result = await sync();
      expect(result.deactivated).toBe(0);
      expect(result.errors[0]).toMatch(/returned no accounts/);
    } finally {
      t.app.config.ldap = ldap;
    }
    expect((await userByEmail('anna.schaefer@stadt.example'))!.active).toBe(true);
  });

  it('refuses a sync that would deactivate more than the allowed share, and says why', async () => {
    annaSession = await signIn('aschaefer', 'aschaefer');
    await slapd.admin(async (c) => {
      for (const uid of ['aschaefer', 'cklein', 'dkoenig']) await c.del(personDn(uid));
    });
    const result = await sync();
    expect(result.deactivated).toBe(0);
    expect(result.errors.join(' ')).toMatch(/Refused to deactivate 3 of 6 directory accounts \(50 %, more than 20 %/);
    for (const email of ['anna.schaefer@stadt.example', 'claudia.klein@stadt.example', 'doris.koenig@stadt.example']) {
      expect((await userByEmail(email))!.active).toBe(true);
    }
    const state = await status();
    expect(state.ldap).toMatchObject({ accounts: 6, encryption: 'none', lastSync: { status: 'refused', deactivated: 0 } });
    expect(state.ldap!.lastSync!.error).toMatch(/STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE/);
  });

  it.skipIf(backend === 'pglite')('pnpm stafette directory-sync syncs from the command line with a progress line; the running server closes the sockets of the people it deactivated', async () => {
    // Anna reads a page in Bauamt (a role given by hand) with her editor open.
    const { pageId } = await seedPage(t.database.db, { spaceId: bauamt });
    const socket = t.connect(pageId, { cookie: annaSession!.headers.cookie! });
    await synced(socket);
    const options = slapd.options();
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/cli/main.ts'), 'directory-sync'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: t.database.url!,
        STAFETTE_LDAP_URL: options.url,
        STAFETTE_LDAP_ALLOW_PLAINTEXT: 'true',
        STAFETTE_LDAP_BIND_DN: SERVICE_DN,
        STAFETTE_LDAP_BIND_PASSWORD: SERVICE_PW,
        STAFETTE_LDAP_USER_BASE: PEOPLE,
        STAFETTE_LDAP_GROUP_BASE: GROUPS,
        STAFETTE_LDAP_DEPARTURE_ATTRIBUTE: 'stafetteLeavingDate',
        // The three removals are planned: the administrator raises the share for this run.
        STAFETTE_DIRECTORY_MAX_DEACTIVATE_SHARE: '0.6',
      },
    });
    expect(stderr).toMatch(/Directory sync: 4\/4 \(100%\)/);
    expect(stdout).toContain('Created 0, updated 0, deactivated 3.');
    for (const email of ['anna.schaefer@stadt.example', 'claudia.klein@stadt.example', 'doris.koenig@stadt.example']) {
      expect((await userByEmail(email))!.active).toBe(false);
    }
    expect((await status()).ldap!.lastSync).toMatchObject({ trigger: 'cli', status: 'ok', deactivated: 3 });
    // The CLI is another process: the server notices the deactivation and closes her socket within seconds.
    await waitFor(() => socket.closes.length > 0 && !socket.provider.shouldConnect, 15_000, 'socket of a person the CLI deactivated closed');
    expect((await annaSession!.get('/api/v1/auth/me')).statusCode).toBe(401);
  }, 60_000);

  it('signs in over LDAPS and over StartTLS with the configured CA, and refuses a certificate no trusted CA signed', async () => {
    const ldap = t.app.config.ldap!;
    const variants = [
      { url: slapd.ldapsUrl, caFile: slapd.caFile, allowPlaintext: false, startTls: false },
      { url: slapd.url, caFile: slapd.caFile, allowPlaintext: false, startTls: true },
    ];
    try {
      for (const variant of variants) {
        t.app.config.ldap = { ...ldap, ...variant };
        expect((await login('bweiss', PASSWORDS.bweiss!)).statusCode, variant.url).toBe(200);
      }
      t.app.config.ldap = { ...ldap, url: slapd.ldapsUrl, caFile: null, allowPlaintext: false };
      expect((await login('bweiss', PASSWORDS.bweiss!)).statusCode).toBe(503);
    } finally {
      t.app.config.ldap = ldap;
    }
  });
});

describe('LDAP settings', () => {
  it('refuse plain LDAP unless StartTLS or STAFETTE_LDAP_ALLOW_PLAINTEXT is set, and need a user base', async () => {
    const { ldapOptionsFrom } = await import('../../server/src/directory/options.ts');
    const base = { STAFETTE_LDAP_URL: 'ldap://dc1.stadt.example', STAFETTE_LDAP_USER_BASE: PEOPLE };
    expect(() => ldapOptionsFrom(base)).toThrow(/STAFETTE_LDAP_STARTTLS/);
    expect(ldapOptionsFrom({ ...base, STAFETTE_LDAP_STARTTLS: 'true' })).toMatchObject({ startTls: true, syncMinutes: 60, userFilter: DEFAULT_USER_FILTER, groupFilter: DEFAULT_GROUP_FILTER });
    expect(ldapOptionsFrom({ ...base, STAFETTE_LDAP_ALLOW_PLAINTEXT: 'true' })).toMatchObject({ allowPlaintext: true });
    expect(() => ldapOptionsFrom({ STAFETTE_LDAP_URL: 'ldaps://dc1.stadt.example' })).toThrow(/USER_BASE/);
    expect(() => ldapOptionsFrom({ ...base, STAFETTE_LDAP_URL: 'ldaps://dc1', STAFETTE_LDAP_USER_FILTER: '(uid=x)' })).toThrow(/\{login\}/);
    expect(ldapOptionsFrom({})).toBeNull();
  });
});
