import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { member, seedPage } from '../support/seed.ts';
import { type CollabTestApp, startCollabApp, waitFor } from '../support/collab.ts';
import { type EventStream, openEventStream, removeMember } from '../support/event-streams.ts';

/** Comments arrive live for everyone on the page; the unread count follows; lost access ends both. */
describe.each(backends)('live comments on %s', (backend) => {
  let t: CollabTestApp;
  const streams: EventStream[] = [];
  const open = (path: string, cookie: string) => {
    const s = openEventStream(`http://127.0.0.1:${t.port}${path}`, cookie);
    streams.push(s);
    return s;
  };
  beforeAll(async () => {
    t = await startCollabApp(backend);
  }, 60_000);
  afterAll(async () => {
    for (const s of streams) s.close();
    await t?.close();
  });

  it('sends every viewer of the page the new comment, a reply, resolving, and the mentioned person their count', async () => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    const a = await member(t, 'editor', spaceId, { displayName: 'Anna' });
    const b = await member(t, 'reader', spaceId, { displayName: 'Bernd' });
    const viewerA = open(`/api/v1/pages/${pageId}/comments/stream`, a.client.headers.cookie!);
    const viewerB = open(`/api/v1/pages/${pageId}/comments/stream`, b.client.headers.cookie!);
    const bellA = open('/api/v1/notifications/stream', a.client.headers.cookie!);
    await Promise.all([viewerA.opened, viewerB.opened, bellA.opened]);
    await waitFor(() => bellA.events.some((e) => e.event === 'count'), 5000, 'first count');
    expect(bellA.events.at(-1)!.data).toEqual({ unread: 0 });

    const created = (await a.client.post(`/api/v1/pages/${pageId}/comments`, { body: 'Ist das aktuell?' })).json();
    await waitFor(() => viewerB.events.some((e) => e.event === 'comment'), 5000, 'B hears of the comment');
    expect(viewerB.events.find((e) => e.event === 'comment')!.data).toEqual({ type: 'created', id: created.id, threadId: null });

    const reply = (await b.client.post(`/api/v1/pages/${pageId}/comments`, { body: `Frag @[Anna](${a.client.user.id})`, parentId: created.id })).json();
    await waitFor(() => viewerA.events.some((e) => (e.data as { id?: string }).id === reply.id), 5000, 'A hears of the reply');
    await waitFor(() => (bellA.events.at(-1)!.data as { unread: number }).unread === 1, 5000, 'A’s count goes up');

    await a.client.post(`/api/v1/comments/${created.id}/resolve`);
    await waitFor(() => viewerB.events.some((e) => (e.data as { type?: string }).type === 'resolved'), 5000, 'B sees it resolved');
    await a.client.post('/api/v1/notifications/read', { all: true });
    await waitFor(() => (bellA.events.at(-1)!.data as { unread: number }).unread === 0, 5000, 'count back to 0');
  });

  it('stops sending to a viewer who lost access to the page', async () => {
    const { spaceId, pageId } = await seedPage(t.database.db);
    const a = await member(t, 'editor', spaceId);
    const b = await member(t, 'reader', spaceId);
    const viewerB = open(`/api/v1/pages/${pageId}/comments/stream`, b.client.headers.cookie!);
    await viewerB.opened;
    await removeMember(t.database.db, spaceId, b.client.user.id);
    await a.client.post(`/api/v1/pages/${pageId}/comments`, { body: 'Geheim' });
    await waitFor(() => viewerB.ended, 5000, 'stream ended');
    expect(viewerB.events.filter((e) => e.event === 'comment')).toEqual([]);
  });

  it('refuses a stream of a page the caller cannot read (404) and anonymous callers (401)', async () => {
    const { pageId } = await seedPage(t.database.db);
    const outsider = await t.userClient();
    const res = await fetch(`http://127.0.0.1:${t.port}/api/v1/pages/${pageId}/comments/stream`, { headers: { cookie: outsider.headers.cookie!, accept: 'text/event-stream' } });
    expect(res.status).toBe(404);
    const anon = await fetch(`http://127.0.0.1:${t.port}/api/v1/notifications/stream`, { headers: { accept: 'text/event-stream' } });
    expect(anon.status).toBe(401);
  });
});
