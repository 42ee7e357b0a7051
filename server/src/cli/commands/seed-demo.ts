import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { buildApp } from '../../app.ts';
import { recordAudit } from '../../audit/record.ts';
import { createSession } from '../../auth/sessions.ts';
import { SESSION_COOKIE } from '../../auth/plugin.ts';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { insertUser } from '../../users/users-service.ts';
import { openForCli } from '../open.ts';
import { Progress } from '../progress.ts';
import { demoBpmn } from './demo-town/bpmn.ts';
import { seedKnowledgeIii } from './demo-town/knowledge-iii.ts';
import { DEMO_PASSWORD, INTERVIEW, READ_REQUESTS, REVIEWS, SPACES, USERS, emailOf } from './demo-town/town.ts';

const DAY = 86_400_000;
const dateIn = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

export interface SeedSummary {
  created: Record<string, number>;
  logins: { email: string; displayName: string; role: string; departureDate: string | null }[];
}

type Caller = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, body?: unknown, headers?: Record<string, string>) => Promise<any>;

/**
 * Creates the demo town "Musterstadt" (demo-town/town.ts) in the database, idempotently: every
 * user, space, process, page, attachment, review, read request and interview is looked up by
 * its natural key (email, name, title) first and only created when missing, so a second run
 * changes nothing. Everything is created through the real API (in process, as the demo people,
 * with short-lived sessions removed afterwards), so audit log, derived content, search queue
 * and contributors are exactly what real use produces; only the ages of stale pages and
 * review clocks are backdated directly, which no API offers.
 */
export async function seedDemo(config: Config, database: Database, onStep: (label: string) => void = () => {}): Promise<SeedSummary> {
  const db = database.db;
  const created: Record<string, number> = { users: 0, spaces: 0, members: 0, processes: 0, pages: 0, attachments: 0, reviews: 0, readRequests: 0, interviews: 0, readingPaths: 0, knowledgeGaps: 0 };
  const app = await buildApp({ config: { ...config, clientDist: '/nonexistent' }, database, logger: false });
  await app.ready();
  const sessions: string[] = [];
  try {
    const ids = await ensureUsers(db, created);
    onStep('users');
    const callers = new Map<string, Caller>();
    const as = async (key: string): Promise<Caller> => {
      const existing = callers.get(key);
      if (existing) return existing;
      const session = await createSession(db, ids.get(key)!, { idleMinutes: 60, lifetimeHours: 1 }, { ip: '127.0.0.1', userAgent: 'stafette seed-demo' });
      sessions.push(session.id);
      const caller = inject(app, { cookie: `${SESSION_COOKIE}=${session.token}`, 'x-csrf-token': session.csrfToken });
      callers.set(key, caller);
      return caller;
    };

    const pageIds = new Map<string, string>();
    for (const space of SPACES) {
      const owner = await as(space.owner);
      let spaceId = (await db.selectFrom('spaces').select('id').where('name', '=', space.name).executeTakeFirst())?.id;
      if (!spaceId) {
        spaceId = (await owner('POST', '/api/v1/spaces', { name: space.name, description: space.description })).id as string;
        created.spaces! += 1;
      }
      for (const [key, role] of Object.entries(space.members)) {
        const member = await db.selectFrom('space_members').select('role').where('space_id', '=', spaceId).where('user_id', '=', ids.get(key)!).executeTakeFirst();
        if (member) continue;
        await owner('PUT', `/api/v1/spaces/${spaceId}/members/${ids.get(key)}`, { role });
        created.members! += 1;
      }

      let processId = (await db.selectFrom('processes').select('id').where('space_id', '=', spaceId).where('name', '=', space.process.name).executeTakeFirst())?.id;
      if (!processId) {
        const query = new URLSearchParams({ spaceId, fileName: `${space.process.id}.bpmn` });
        processId = (await owner('POST', `/api/v1/processes/import?${query}`, demoBpmn(space.process), { 'content-type': 'application/xml' })).id as string;
        created.processes! += 1;
      }

      for (const page of space.pages) {
        let pageId = (await db.selectFrom('pages').select('id').where('space_id', '=', spaceId).where('title', '=', page.title).executeTakeFirst())?.id;
        if (!pageId) {
          const author = await as(page.author);
          pageId = (await author('POST', '/api/v1/pages/import', { spaceId, title: page.title, markdown: page.markdown })).id as string;
          created.pages! += 1;
          if (page.ageDays) await backdatePage(db, pageId, page.ageDays);
        }
        pageIds.set(page.title, pageId);
        if (page.step) {
          const attached = await db
            .selectFrom('process_step_pages')
            .select('page_id')
            .where('process_id', '=', processId)
            .where('element_id', '=', page.step)
            .where('page_id', '=', pageId)
            .executeTakeFirst();
          if (!attached) {
            await owner('PUT', `/api/v1/processes/${processId}/steps/${page.step}/pages/${pageId}`);
            created.attachments! += 1;
          }
        }
      }
      onStep(space.name);
    }

    const manager = await as('wissen');
    for (const review of REVIEWS) {
      const pageId = pageIds.get(review.page)!;
      if (await db.selectFrom('page_reviews').select('page_id').where('page_id', '=', pageId).executeTakeFirst()) continue;
      await manager('PATCH', `/api/v1/pages/${pageId}/review`, { responsibleId: ids.get(review.responsible), intervalDays: review.intervalDays });
      await db.updateTable('page_reviews').set({ set_at: new Date(Date.now() - review.setDaysAgo * DAY) }).where('page_id', '=', pageId).execute();
      created.reviews! += 1;
    }

    for (const request of READ_REQUESTS) {
      const pageId = pageIds.get(request.page)!;
      if (await db.selectFrom('page_read_requests').select('id').where('page_id', '=', pageId).executeTakeFirst()) continue;
      await (await as(request.by))('POST', `/api/v1/pages/${pageId}/read-requests`, { note: request.note });
      for (const key of request.confirmedBy) await (await as(key))('POST', `/api/v1/pages/${pageId}/read-confirmations`);
      created.readRequests! += 1;
    }

    const subjectId = ids.get(INTERVIEW.subject)!;
    if (!(await db.selectFrom('interviews').select('id').where('subject_user_id', '=', subjectId).executeTakeFirst())) {
      const departure = USERS.find((u) => u.key === INTERVIEW.subject)!.departsInDays!;
      const interview = await manager('POST', '/api/v1/interviews', {
        subjectUserId: subjectId,
        interviewerId: ids.get(INTERVIEW.interviewer),
        successorId: ids.get(INTERVIEW.successor),
        departureDate: dateIn(departure),
        subjectRole: INTERVIEW.role,
      });
      await manager('POST', `/api/v1/interviews/${interview.id}/transition`, { to: 'in_progress' });
      created.interviews! += 1;
    }
    await seedKnowledgeIii(db, as, ids, pageIds, created);
    onStep('reviews, read requests, interview, reading path, knowledge gaps');
  } finally {
    if (sessions.length) await db.deleteFrom('sessions').where('id', 'in', sessions).execute();
    await app.close();
  }

  const people = await db.selectFrom('users').select(['email', 'display_name', 'role', 'planned_departure_date']).where('email', 'in', USERS.map((u) => emailOf(u.key))).execute();
  const order = USERS.map((u) => emailOf(u.key));
  const logins = people
    .sort((a, b) => order.indexOf(a.email) - order.indexOf(b.email))
    .map((p) => ({ email: p.email, displayName: p.display_name, role: p.role, departureDate: p.planned_departure_date }));
  return { created, logins };
}

/** Users by key; missing ones are created with the demo password and their departure date. */
async function ensureUsers(db: Kysely<DB>, created: Record<string, number>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const user of USERS) {
    const existing = await db.selectFrom('users').select('id').where('email', '=', emailOf(user.key)).executeTakeFirst();
    if (existing) {
      ids.set(user.key, existing.id);
      continue;
    }
    const id = await db.transaction().execute(async (trx) => {
      const row = await insertUser(trx, { email: emailOf(user.key), password: DEMO_PASSWORD, displayName: user.displayName, role: user.role, locale: 'de' });
      const departure = user.departsInDays === undefined ? null : dateIn(user.departsInDays);
      if (departure) await trx.updateTable('users').set({ planned_departure_date: departure }).where('id', '=', row.id).execute();
      await recordAudit(trx, {
        actorId: null,
        ip: null,
        action: 'user.create',
        targetType: 'user',
        targetId: row.id,
        detail: { email: row.email, role: row.role, plannedDepartureDate: departure, source: 'seed-demo' },
      });
      return row.id;
    });
    ids.set(user.key, id);
    created.users! += 1;
  }
  return ids;
}

/** A stale page: its last edit, and its authors' edits, `days` ago. */
async function backdatePage(db: Kysely<DB>, pageId: string, days: number): Promise<void> {
  const at = new Date(Date.now() - days * DAY);
  await db.updateTable('pages').set({ content_updated_at: at, updated_at: at }).where('id', '=', pageId).execute();
  await db.updateTable('page_contributors').set({ last_edited_at: at }).where('page_id', '=', pageId).execute();
}

function inject(app: FastifyInstance, headers: Record<string, string>): Caller {
  return async (method, url, body, extra = {}) => {
    const json = body !== undefined && typeof body !== 'string';
    const res = await app.inject({
      method,
      url,
      headers: { ...headers, ...(json ? { 'content-type': 'application/json' } : {}), ...extra },
      ...(body !== undefined ? { payload: json ? JSON.stringify(body) : (body as string) } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
    return res.body ? res.json() : null;
  };
}

/** `pnpm stafette seed-demo`: the demo town, then the logins to try it with. */
export async function seedDemoCommand(args: string[]): Promise<void> {
  if (args.length > 0) throw new Error('Usage: stafette seed-demo');
  const { config, database } = await openForCli();
  try {
    const progress = new Progress('Seeding demo town', SPACES.length + 2);
    const summary = await seedDemo(config, database, () => progress.tick());
    progress.finish();
    const made = Object.entries(summary.created).filter(([, n]) => n > 0);
    console.log(made.length ? `Created ${made.map(([k, n]) => `${n} ${k}`).join(', ')}.` : 'The demo town exists already; nothing to do.');
    console.log(`\nSign in with any of these (password for all: ${DEMO_PASSWORD}):`);
    const width = Math.max(...summary.logins.map((l) => l.email.length));
    for (const l of summary.logins) {
      console.log(`  ${l.email.padEnd(width)}  ${l.displayName} (${l.role}${l.departureDate ? `, ${l.departureDate < new Date().toISOString().slice(0, 10) ? 'left' : 'leaves'} ${l.departureDate}` : ''})`);
    }
  } finally {
    await database.close();
  }
}
