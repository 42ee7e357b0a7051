import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';

/**
 * What a user sees of a data set, read through the API as each space's owner: page titles and
 * bodies, version numbers and bodies, process BPMN, interview states. Run by the code that made
 * the upgrade fixture and by today's code on the migrated copy; the two must be equal.
 * Only API fields that existed when the fixture was made are read.
 */
export interface Captured {
  pages: Record<string, { title: string; doc: unknown; versions: Record<number, unknown> }>;
  processes: Record<string, { name: string; bpmnSha256: string; versions: number }>;
  interviews: Record<string, { status: string }>;
  users: number;
  auditEntries: number;
}

type Session = { token: string; csrfToken: string };
type CreateSession = (db: Kysely<any>, userId: string) => Promise<Session>;

export async function capture(app: FastifyInstance, db: Kysely<any>, cookieName: string, newSession: CreateSession): Promise<Captured> {
  const owners = new Map<string, Session>();
  const as = async (spaceId: string): Promise<Session> => {
    let session = owners.get(spaceId);
    if (!session) {
      const owner = await db.selectFrom('space_members').select('user_id').where('space_id', '=', spaceId).where('role', '=', 'owner').orderBy('user_id').executeTakeFirstOrThrow();
      session = await newSession(db, owner.user_id);
      owners.set(spaceId, session);
    }
    return session;
  };
  const get = async (session: Session, url: string): Promise<any> => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie: `${cookieName}=${session.token}` } });
    if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    return res.headers['content-type']?.toString().includes('json') ? res.json() : res.body;
  };

  const count = async (table: 'users' | 'audit_log') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  // Counted before reading: signing in and reading may add audit entries.
  const captured: Captured = { pages: {}, processes: {}, interviews: {}, users: await count('users'), auditEntries: await count('audit_log') };
  const pages = await db.selectFrom('pages').select(['id', 'space_id']).orderBy('id').execute();
  for (const page of pages) {
    const session = await as(page.space_id);
    const body = await get(session, `/api/v1/pages/${page.id}`);
    const list = await get(session, `/api/v1/pages/${page.id}/versions`);
    const versions: Record<number, unknown> = {};
    for (const v of list.items ?? list) versions[v.number] = (await get(session, `/api/v1/pages/${page.id}/versions/${v.id}`)).doc;
    captured.pages[page.id] = { title: body.title, doc: body.doc, versions };
  }
  const processes = await db.selectFrom('processes').select(['id', 'space_id']).orderBy('id').execute();
  for (const process of processes) {
    const session = await as(process.space_id);
    const meta = await get(session, `/api/v1/processes/${process.id}`);
    const bpmn = String(await get(session, `/api/v1/processes/${process.id}/bpmn`));
    const versions = await get(session, `/api/v1/processes/${process.id}/versions`);
    captured.processes[process.id] = {
      name: meta.name,
      bpmnSha256: crypto.createHash('sha256').update(bpmn).digest('hex'),
      versions: (versions.items ?? versions).length,
    };
  }
  for (const interview of await db.selectFrom('interviews').select(['id', 'status']).orderBy('id').execute()) {
    captured.interviews[interview.id] = { status: interview.status };
  }
  return captured;
}
