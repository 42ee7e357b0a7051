import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { type CollabTestApp } from '../support/collab.ts';
import { cast, type Cast, scheduleInterview, startInterviewApp } from '../support/interviews.ts';
import { seedPage, seedProcess } from '../support/seed.ts';

/**
 * Linking to a step while a version upload removes it. The upload locks the step rows and
 * deletes (or, when something links to them, orphans) those gone from the model; a link made
 * meanwhile waits for it and answers as if it came after: 404 or 409, never a 500 from the
 * foreign key, never a link to an orphaned step. Both links, an interview answer's and an
 * attached page's, ask processes/process-queries.ts stepForLink. Only PostgreSQL runs two
 * transactions at once (PGlite has one connection, so they cannot interleave there).
 */
describe.runIf(!!process.env.DATABASE_URL)('step links racing a version upload on PostgreSQL', () => {
  let t: CollabTestApp;
  let c: Cast;
  let upload: pg.Client;

  beforeAll(async () => {
    t = await startInterviewApp('postgres');
    c = await cast(t);
    upload = new pg.Client({ connectionString: t.database.url! });
    await upload.connect();
  }, 60_000);
  afterAll(async () => {
    await upload?.end();
    await t?.close();
  });

  /** A link to the step: started by `start`, and what it left in the database afterwards. */
  interface Link {
    start(processId: string, elementId: string): Promise<{ send: () => Promise<LightMyRequestResponse>; links: () => Promise<unknown[]> }>;
  }

  const links: Record<string, Link> = {
    'an interview answer': {
      async start(processId, elementId) {
        const { id } = await scheduleInterview(c);
        await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
        return {
          send: () => c.interviewer.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${processId}/${elementId}`),
          links: () => t.database.db.selectFrom('interview_answer_steps').select('element_id').where('interview_id', '=', id).execute(),
        };
      },
    },
    'an attached page': {
      async start(processId, elementId) {
        const { pageId } = await seedPage(t.database.db, { spaceId: c.spaceId, title: 'Gebührenordnung' });
        return {
          send: () => c.manager.put(`/api/v1/processes/${processId}/steps/${elementId}/pages/${pageId}`),
          links: () => t.database.db.selectFrom('process_step_pages').select('element_id').where('page_id', '=', pageId).execute(),
        };
      },
    },
  };

  /** Until a statement of the app waits for a row lock the upload holds. */
  async function appWaitsForLock(): Promise<void> {
    for (;;) {
      const { rows } = await upload.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Sends the link while the upload holds the step, then lets the upload `change` the step and commit. */
  async function linkDuringUpload(link: Link, change: string): Promise<{ statusCode: number; type: string; links: unknown[] }> {
    const processId = await seedProcess(t.database.db, c.spaceId, 'Sondernutzung', ['Task_Gebuehr']);
    const { send, links } = await link.start(processId, 'Task_Gebuehr');
    await upload.query('BEGIN');
    // As process-service addVersion: the step rows locked before they are deleted or orphaned.
    await upload.query('SELECT element_id FROM process_steps WHERE process_id = $1 FOR UPDATE', [processId]);
    const sent = send();
    await appWaitsForLock();
    await upload.query(change, [processId, 'Task_Gebuehr']);
    await upload.query('COMMIT');
    const res = await sent;
    return { statusCode: res.statusCode, type: res.json().type, links: await links() };
  }

  for (const [name, link] of Object.entries(links)) {
    it(`answers 404 to ${name} when the upload deleted the step meanwhile`, async () => {
      const res = await linkDuringUpload(link, 'DELETE FROM process_steps WHERE process_id = $1 AND element_id = $2');
      expect(res).toEqual({ statusCode: 404, type: 'urn:stafette:problem:not-found', links: [] });
    }, 60_000);

    it(`answers 409 step-orphaned to ${name} when the upload orphaned the step meanwhile`, async () => {
      const res = await linkDuringUpload(link, 'UPDATE process_steps SET removed_in_version = 2 WHERE process_id = $1 AND element_id = $2');
      expect(res).toEqual({ statusCode: 409, type: 'urn:stafette:problem:step-orphaned', links: [] });
    }, 60_000);
  }
});
