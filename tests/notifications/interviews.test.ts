import type { NotificationList } from '@stafette/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepOnce } from '../../server/src/notifications/sweep.ts';
import { backends } from '../support/databases.ts';
import type { CollabTestApp } from '../support/collab.ts';
import { type Cast, scheduleInterview, startInterviewCast } from '../support/interviews.ts';
import type { Client } from '../support/test-app.ts';

/** Everyone in an exit interview hears when it is scheduled and changes state; nobody else, and nobody twice. */
describe.each(backends)('interview notices on %s', (backend) => {
  let t: CollabTestApp;
  let c: Cast;
  beforeAll(async () => ({ t, c } = await startInterviewCast(backend)), 60_000);
  afterAll(() => t?.close());

  const states = async (client: Client, interviewId: string) =>
    ((await client.get('/api/v1/notifications')).json() as NotificationList).items.filter((n) => n.interviewId === interviewId && n.kind === 'interview.state').map((n) => n.excerpt);

  it('tells subject, interviewer and successor of each state, not the one who changed it, once', async () => {
    const { id } = await scheduleInterview(c);
    expect((await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' })).statusCode).toBe(200);
    await sweepOnce(t.database.db);
    await sweepOnce(t.database.db);
    expect((await states(c.subject, id)).sort()).toEqual(['in_progress', 'planned']);
    expect((await states(c.successor, id)).sort()).toEqual(['in_progress', 'planned']);
    // The interviewer moved it on: told of the scheduling only.
    expect(await states(c.interviewer, id)).toEqual(['planned']);
    expect(await states(c.outsider, id)).toEqual([]);
  });
});
