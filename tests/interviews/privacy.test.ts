import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import * as Y from 'yjs';
import { backends } from '../support/databases.ts';
import { type CollabTestApp } from '../support/collab.ts';
import { interviewUpdatesStore } from '../../server/src/interviews/interview-document.ts';
import { answerParagraph, answerText, type Cast, connectInterview, scheduleInterview, serverHas, startInterviewCast, syncedPeer, waitFor } from '../support/interviews.ts';

function tryUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ upgraded: boolean; status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WS(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ upgraded: true, status: 101 });
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      res.on('end', () => resolve({ upgraded: false, status: res.statusCode ?? 0 }));
    });
    ws.on('error', (err) => {
      if (!String(err.message).includes('Unexpected server response')) reject(err);
    });
  });
}

describe.each(backends)('interview privacy on %s', (backend) => {
  let t: CollabTestApp;
  let c: Cast;
  beforeAll(async () => ({ t, c } = await startInterviewCast(backend)), 60_000);
  afterAll(() => t?.close());

  it('shows an interview only to its participants, knowledge managers and admins (REST)', async () => {
    const { id } = await scheduleInterview(c);
    for (const who of [c.subject, c.interviewer, c.successor, c.manager, c.admin]) {
      expect((await who.get(`/api/v1/interviews/${id}`)).statusCode).toBe(200);
      expect((await who.get('/api/v1/interviews')).json().map((i: { id: string }) => i.id)).toContain(id);
    }
    // An editor of the very space the knowledge will go to still sees nothing before publication.
    for (const path of ['', '/preview', '/reading-list']) {
      const res = await c.outsider.get(`/api/v1/interviews/${id}${path}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().type).toBe('urn:stafette:problem:not-found');
    }
    expect((await c.outsider.get('/api/v1/interviews')).json().map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await c.outsider.put(`/api/v1/interviews/${id}/answers/rat`, { private: true })).statusCode).toBe(404);
    expect((await c.outsider.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' })).statusCode).toBe(404);
    expect((await c.outsider.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId })).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/interviews/${id}`)).statusCode).toBe(401);

    // Parts decide actions: only the departing person makes a private answer public again.
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    expect((await c.interviewer.put(`/api/v1/interviews/${id}/answers/rat`, { private: true })).statusCode).toBe(200);
    expect((await c.interviewer.put(`/api/v1/interviews/${id}/answers/rat`, { private: false })).statusCode).toBe(403);
    expect((await c.successor.put(`/api/v1/interviews/${id}/answers/rat`, { private: true })).statusCode).toBe(403);
    expect((await c.manager.put(`/api/v1/interviews/${id}/answers/rat`, { private: false })).statusCode).toBe(403);
    expect((await c.subject.put(`/api/v1/interviews/${id}/answers/rat`, { private: false })).statusCode).toBe(200);
    expect((await c.subject.post(`/api/v1/interviews/${id}/answers/rat/reviews`, { kind: 'accept' })).statusCode).toBe(403);
    expect((await c.subject.post(`/api/v1/interviews/${id}/transition`, { to: 'in_review' })).statusCode).toBe(403);

    // A deactivated participant loses access at once; a fresh sign-in as them is impossible, an API token too.
    const leaving = await t.userClient({ displayName: 'Kurz Zeit' });
    const token = (await leaving.post('/api/v1/auth/tokens', { name: 'Skript' })).json().token;
    await c.manager.patch(`/api/v1/interviews/${id}`, { successorId: leaving.user.id });
    expect((await t.app.inject({ url: `/api/v1/interviews/${id}`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    expect((await c.admin.patch(`/api/v1/users/${leaving.user.id}`, { active: false })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/interviews/${id}`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    await c.manager.patch(`/api/v1/interviews/${id}`, { successorId: c.successor.user.id });
  }, 60_000);

  it('applies the same rule on the collaboration socket: outsiders 404, successor and managers read only', async () => {
    const { id } = await scheduleInterview(c);
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const url = `${t.baseUrl}/interview/${id}`;
    expect(await tryUpgrade(url, { cookie: c.outsider.headers.cookie! })).toEqual({ upgraded: false, status: 404 });
    expect(await tryUpgrade(url)).toEqual({ upgraded: false, status: 401 });
    expect(await tryUpgrade(`${t.baseUrl}/interview/00000000-0000-4000-8000-000000000000`, { cookie: c.admin.headers.cookie! })).toMatchObject({ status: 404 });
    expect(await tryUpgrade(url, { cookie: c.subject.headers.cookie!, origin: 'https://evil.example' })).toMatchObject({ status: 403 });

    const writer = connectInterview(t.baseUrl, id, c.subject);
    const successor = connectInterview(t.baseUrl, id, c.successor);
    const manager = connectInterview(t.baseUrl, id, c.manager);
    await syncedPeer(writer);
    await syncedPeer(successor);
    await syncedPeer(manager);
    await waitFor(() => successor.permissionDenied.length > 0 && manager.permissionDenied.length > 0, 5000, 'read-only notice');
    expect(writer.permissionDenied).toEqual([]);

    answerParagraph(writer.doc, 'aufgaben-ueberblick').insert(0, 'Bauanträge prüfen, etwa 60 %.');
    await waitFor(() => answerText(successor.doc, 'aufgaben-ueberblick').includes('60 %'), 10_000, 'successor reads live');
    // The successor's own edit is refused and never stored.
    answerParagraph(successor.doc, 'rat').insert(0, 'Von der Nachfolge geschrieben');
    await new Promise((r) => setTimeout(r, 300));
    const server = await t.app.interviewCollab.getDocument(id);
    expect(answerText(server, 'rat')).toBe('');

    // Writing outside answer fragments closes the socket (invalid update).
    const rogue = connectInterview(t.baseUrl, id, c.interviewer);
    await syncedPeer(rogue);
    rogue.doc.getMap('geheim').set('x', 1);
    await waitFor(() => rogue.closes.some((e) => e.code === 4422), 5000, 'invalid update close');
    rogue.destroy();

    // Presence: awareness reaches the other participants.
    writer.provider.awareness.setLocalStateField('user', { id: c.subject.user.id, name: 'Erika Mustermann' });
    await waitFor(() => [...successor.provider.awareness.getStates().values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'Erika Mustermann'), 5000, 'presence');

    // Replacing the successor closes the old one's socket.
    const other = await t.userClient({ displayName: 'Neue Nachfolge' });
    expect((await c.manager.patch(`/api/v1/interviews/${id}`, { successorId: other.user.id })).statusCode).toBe(200);
    await waitFor(() => successor.closes.some((e) => e.code === 4401), 5000, 'old successor closed');
    expect((await c.successor.get(`/api/v1/interviews/${id}`)).statusCode).toBe(404);
    await c.manager.patch(`/api/v1/interviews/${id}`, { successorId: c.successor.user.id });

    for (const p of [writer, successor, manager]) p.destroy();
  }, 60_000);

  it('lets two collaboration clients fill one answer at the same time and converge', async () => {
    const { id } = await scheduleInterview(c);
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const a = connectInterview(t.baseUrl, id, c.subject);
    const b = connectInterview(t.baseUrl, id, c.interviewer);
    await Promise.all([syncedPeer(a), syncedPeer(b)]);
    const ta = answerParagraph(a.doc, 'wenn-es-klemmt');
    await waitFor(() => b.doc.getXmlFragment('answer:wenn-es-klemmt').length === 1, 5000, 'paragraph shared');
    const tb = answerParagraph(b.doc, 'wenn-es-klemmt');
    for (let i = 0; i < 40; i += 1) {
      ta.insert(ta.length, `a${i} `);
      tb.insert(0, `b${i} `);
      if (i % 8 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => answerText(a.doc, 'wenn-es-klemmt') === answerText(b.doc, 'wenn-es-klemmt') && answerText(a.doc, 'wenn-es-klemmt').includes('a39') && answerText(a.doc, 'wenn-es-klemmt').includes('b39'), 10_000, 'convergence');
    const expected = answerText(a.doc, 'wenn-es-klemmt');
    await serverHas(t, id, 'wenn-es-klemmt', 'b39');
    a.destroy();
    b.destroy();
    // The server's document holds only committed updates: the stored log describes the same document.
    const stored = new Y.Doc();
    for (const row of await interviewUpdatesStore.rows(t.database.db, id)) for (const update of row.updates) Y.applyUpdate(stored, update);
    expect(answerText(stored, 'wenn-es-klemmt')).toBe(expected);
    expect(expected.match(/a\d+/g)).toHaveLength(40);
    expect(expected.match(/b\d+/g)).toHaveLength(40);
  }, 60_000);

  it('pseudonymises a departed account while published knowledge keeps its provenance as a role', async () => {
    const subject = await t.userClient({ displayName: 'Gerda Gehtbald' });
    const res = await c.manager.post('/api/v1/interviews', {
      subjectUserId: subject.user.id,
      interviewerId: c.interviewer.user.id,
      successorId: c.successor.user.id,
      departureDate: '2030-03-31',
      subjectRole: 'Sachbearbeiter:in, Bauamt',
    });
    const id = res.json().id;
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const peer = connectInterview(t.baseUrl, id, subject);
    await syncedPeer(peer);
    answerParagraph(peer.doc, 'nur-ich').insert(0, 'Nur ich kenne die Sonderfälle im Denkmalschutz.');
    await serverHas(t, id, 'nur-ich', 'Denkmalschutz');
    peer.destroy();
    await c.interviewer.put(`/api/v1/interviews/${id}/answers/nur-ich/steps/${c.processId}/Task_Bescheid`);
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_review' });
    const { hash } = (await subject.get(`/api/v1/interviews/${id}/preview`)).json();
    await subject.post(`/api/v1/interviews/${id}/consent`, { hash });
    const { stepPages, handoverPageId } = (await c.interviewer.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId })).json();
    const pageId = stepPages[0].pageId;
    expect((await c.outsider.get(`/api/v1/pages/${pageId}/export?format=markdown`)).body).toContain('Gerda Gehtbald');

    expect((await c.admin.post(`/api/v1/users/${subject.user.id}/pseudonymise`, {})).json().type).toBe('urn:stafette:problem:user-active');
    await c.admin.patch(`/api/v1/users/${subject.user.id}`, { active: false });
    expect((await c.manager.post(`/api/v1/users/${subject.user.id}/pseudonymise`, {})).statusCode).toBe(403);
    const done = await c.admin.post(`/api/v1/users/${subject.user.id}/pseudonymise`, {});
    expect(done.json()).toEqual({ displayName: 'ehemalige:r Sachbearbeiter:in, Bauamt', pagesRewritten: 2 });

    for (const page of [pageId, handoverPageId]) {
      const text = (await c.outsider.get(`/api/v1/pages/${page}/export?format=markdown`)).body;
      expect(text).not.toContain('Gerda');
      expect(text).toContain('Übergabegespräch mit ehemalige:r Sachbearbeiter:in, Bauamt');
    }
    expect((await c.outsider.get(`/api/v1/pages/${pageId}/export?format=markdown`)).body).toContain('Denkmalschutz');
    const user = await t.database.db.selectFrom('users').select(['display_name', 'email']).where('id', '=', subject.user.id).executeTakeFirstOrThrow();
    expect(user.display_name).toBe('ehemalige:r Sachbearbeiter:in, Bauamt');
    expect(user.email).not.toContain('@example.org');
    expect((await c.manager.get(`/api/v1/interviews/${id}`)).json().subject.displayName).toBe('ehemalige:r Sachbearbeiter:in, Bauamt');
  }, 60_000);
});
