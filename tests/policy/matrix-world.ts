import fs from 'node:fs';
import { Client, type TestApp } from '../support/test-app.ts';
import { type MatrixContext, type MatrixEntry, PERSONAS, type Persona } from './matrix/types.ts';
import { addMember, seedPage, seedSpace } from '../support/seed.ts';

/**
 * The authorisation matrix's entries and the world they run in, shared by the matrix test and
 * the tests that replay every route differently (e.g. tests/policy/encoded-paths.test.ts).
 */
export async function loadMatrixEntries(): Promise<MatrixEntry[]> {
  const matrixDir = new URL('./matrix/', import.meta.url);
  const tableFiles = fs.readdirSync(matrixDir).filter((f) => f.endsWith('.ts') && f !== 'types.ts').sort();
  const entries: MatrixEntry[] = [];
  for (const file of tableFiles) {
    const table = (await import(new URL(file, matrixDir).href)) as { entries?: MatrixEntry[] };
    if (!table.entries) throw new Error(`tests/policy/matrix/${file} must export \`entries\``);
    entries.push(...table.entries);
  }
  return entries;
}

export type Caller = { user: { id: string; email: string } | null; session: Client; token: Client | null };

export interface MatrixWorld {
  admin: Client;
  spaceId: string;
  callers: Record<Persona, Caller>;
  users: MatrixContext['users'];
  /** A new caller of the persona (for calls that change the caller's own session or account). */
  makeCaller(persona: Persona): Promise<Caller>;
  context(caller: Caller['user']): MatrixContext;
}

/** One account per persona, each with a session and an API token, around a shared space. */
export async function matrixWorld(t: TestApp): Promise<MatrixWorld> {
  const admin = await t.login((await t.createUser({ role: 'admin' })).email);
  let spaceId = '';
  let serial = 0;
  const users = {} as MatrixContext['users'];
  const callers = {} as Record<Persona, Caller>;

  async function makeCaller(persona: Persona): Promise<Caller> {
    if (persona === 'anonymous') return { user: null, session: t.anonymous, token: null };
    const role = persona === 'admin' || persona === 'deactivated' ? 'admin' : persona === 'knowledgeManager' ? 'knowledge_manager' : 'user';
    const user = await t.createUser({ role });
    const spaceRole = persona === 'reader' ? 'reader' : persona === 'editor' ? 'editor' : persona === 'owner' || persona === 'deactivated' ? 'owner' : null;
    if (spaceRole && spaceId) await addMember(t.database.db, spaceId, user, spaceRole);
    const session = await t.login(user.email);
    const created = await session.post('/api/v1/auth/tokens', { name: 'Matrix' });
    const token = new Client(t.app, { authorization: `Bearer ${created.json().token}` });
    if (persona === 'deactivated') {
      const res = await admin.patch(`/api/v1/users/${user.id}`, { active: false });
      if (res.statusCode !== 200) throw new Error(`deactivate failed: ${res.body}`);
    }
    return { user: { id: user.id, email: user.email }, session, token };
  }

  function context(caller: Caller['user']): MatrixContext {
    const db = t.database.db;
    return {
      app: t.app,
      db,
      spaceId,
      users,
      caller,
      unique: () => `${Date.now()}-${++serial}`,
      async page(options = {}) {
        const n = ++serial;
        return (await seedPage(db, { ...options, spaceId: options.spaceId ?? spaceId, title: `Seite ${n}`, position: 1000 + n })).pageId;
      },
      async space(options = {}) {
        const members = { readers: [users.reader], editors: [users.editor], owners: [users.owner, users.deactivated] };
        return seedSpace(db, { ...options, name: `Amt ${++serial}`, ...members });
      },
      async user() {
        const u = await t.createUser();
        return { id: u.id, email: u.email };
      },
    };
  }

  spaceId = await seedSpace(t.database.db, { name: 'Matrixamt' });
  for (const persona of PERSONAS) {
    callers[persona] = await makeCaller(persona);
    if (persona !== 'anonymous') users[persona] = callers[persona].user!;
  }
  return { admin, spaceId, callers, users, makeCaller, context };
}
