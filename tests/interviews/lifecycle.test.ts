import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { documentedRoutes } from '../support/openapi.ts';
import type { CollabTestApp } from '../support/collab.ts';
import { answerParagraph, type Cast, connectInterview, scheduleInterview, serverHas, startInterviewCast, syncedPeer, waitFor } from '../support/interviews.ts';

describe.each(backends)('interview lifecycle on %s', (backend) => {
  let t: CollabTestApp;
  let c: Cast;
  beforeAll(async () => ({ t, c } = await startInterviewCast(backend)), 60_000);
  afterAll(() => t?.close());

  it('ships a German default template with every topic and each question kind', async () => {
    const res = await c.outsider.get('/api/v1/interview-templates');
    expect(res.statusCode).toBe(200);
    const [template] = res.json();
    expect(template).toMatchObject({ version: 1, name: expect.stringContaining('Wissensübergabe') });
    const titles = template.sections.map((s: { title: string }) => s.title).join(' | ');
    for (const topic of ['Prozess', 'Fristen', 'Jahreskalender', 'Rechtsgrundlagen', 'Software', 'Formulare', 'Ansprechpersonen', 'Warum', 'Risiken', 'Verbesserungen', 'Nachfolge']) {
      expect(titles).toContain(topic);
    }
    const questions = template.sections.flatMap((s: { questions: unknown[] }) => s.questions);
    expect(new Set(questions.map((q: { kind: string }) => q.kind))).toEqual(new Set(['rich_text', 'contacts', 'dates', 'systems', 'process_steps']));
    for (const q of questions) expect(q).toEqual({ id: expect.any(String), kind: expect.any(String), prompt: expect.any(String), help: expect.any(String) });
    // Access rights are handed over, passwords never.
    expect(JSON.stringify(template)).toMatch(/Niemals Passwörter/);
  });

  it('runs the whole lifecycle: live answers, step links, review, consent, publication on the step, reading list', async () => {
    const { id, body: created } = await scheduleInterview(c);
    expect(created).toMatchObject({ status: 'planned', subject: { id: c.subject.user.id }, successor: { id: c.successor.user.id }, template: { version: 1 } });
    expect(created.sections.length).toBeGreaterThan(5);

    expect((await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' })).json().status).toBe('in_progress');

    // Interviewer and departing person write together, live.
    const interviewer = connectInterview(t.baseUrl, id, c.interviewer);
    const subject = connectInterview(t.baseUrl, id, c.subject);
    await Promise.all([syncedPeer(interviewer), syncedPeer(subject)]);
    answerParagraph(interviewer.doc, 'prozessschritte').insert(0, 'Ich prüfe Bauanträge auf Vollständigkeit, bevor die Fachprüfung beginnt.');
    answerParagraph(subject.doc, 'fristen').insert(0, 'Genehmigungsfiktion nach drei Monaten beachten.');
    answerParagraph(subject.doc, 'rat').insert(0, 'Meine Gesundheit war der Grund für den Wechsel: bitte vertraulich.');
    await serverHas(t, id, 'prozessschritte', 'Vollständigkeit');
    await serverHas(t, id, 'fristen', 'Genehmigungsfiktion');
    await serverHas(t, id, 'rat', 'vertraulich');
    await waitFor(() => subject.doc.getXmlFragment('answer:prozessschritte').length > 0, 10_000, 'subject sees the interviewer');
    interviewer.destroy();
    subject.destroy();

    // The departing person marks one answer private; the interviewer links one to a step.
    expect((await c.subject.put(`/api/v1/interviews/${id}/answers/rat`, { private: true })).statusCode).toBe(200);
    const linked = await c.interviewer.put(`/api/v1/interviews/${id}/answers/prozessschritte/steps/${c.processId}/Task_Pruefen`);
    expect(linked.statusCode).toBe(201);
    const answer = linked.json().answers.find((a: { questionId: string }) => a.questionId === 'prozessschritte');
    expect(answer).toMatchObject({ text: expect.stringContaining('Vollständigkeit'), steps: [{ elementId: 'Task_Pruefen', name: 'Schritt Task_Pruefen' }] });

    // Review: the successor accepts one answer while the interview runs, then asks a follow-up.
    expect((await c.successor.post(`/api/v1/interviews/${id}/answers/prozessschritte/reviews`, { kind: 'accept' })).statusCode).toBe(201);
    expect((await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_review' })).json().status).toBe('in_review');
    const followUp = await c.successor.post(`/api/v1/interviews/${id}/answers/fristen/reviews`, { kind: 'follow_up', body: 'Wo steht die Frist im Fachverfahren?' });
    expect(followUp.statusCode).toBe(201);
    const followSection = followUp.json().sections.at(-1);
    expect(followSection.title).toBe('Rückfragen der Nachfolge');
    expect(followSection.questions[0]).toMatchObject({ kind: 'rich_text', prompt: 'Wo steht die Frist im Fachverfahren?' });
    expect((await c.successor.post(`/api/v1/interviews/${id}/answers/fristen/reviews`, { kind: 'comment' })).statusCode).toBe(400);
    expect((await c.successor.post(`/api/v1/interviews/${id}/answers/prozessschritte/reviews`, { kind: 'comment', body: 'Danke, sehr klar.' })).statusCode).toBe(201);

    // Completion needs consent; the preview shows exactly what goes out, never the private answer.
    expect((await c.manager.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId })).json().type).toBe('urn:stafette:problem:consent-required');
    const preview = (await c.subject.get(`/api/v1/interviews/${id}/preview`)).json();
    const previewText = JSON.stringify(preview);
    expect(previewText).toContain('Vollständigkeit');
    expect(previewText).toContain('Genehmigungsfiktion');
    expect(previewText).not.toContain('vertraulich');
    expect(preview.excluded).toContainEqual({ questionId: 'rat', reason: 'private' });
    expect(preview.stepPages).toHaveLength(1);
    expect(preview.consent).toEqual({ given: false, current: false });
    expect((await c.interviewer.post(`/api/v1/interviews/${id}/consent`, { hash: preview.hash })).statusCode).toBe(403);
    expect((await c.subject.post(`/api/v1/interviews/${id}/consent`, { hash: preview.hash })).statusCode).toBe(200);

    const done = await c.manager.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId });
    expect(done.statusCode).toBe(200);
    const { handoverPageId, stepPages } = done.json();
    expect(stepPages).toEqual([{ pageId: expect.any(String), questionId: 'prozessschritte', steps: [{ processId: c.processId, elementId: 'Task_Pruefen' }] }]);

    // The knowledge is on the step, with provenance; the private answer is nowhere.
    const onStep = (await c.outsider.get(`/api/v1/processes/${c.processId}/steps/Task_Pruefen/pages`)).json();
    expect(JSON.stringify(onStep)).toContain(stepPages[0].pageId);
    const stepPage = (await c.outsider.get(`/api/v1/pages/${stepPages[0].pageId}/export?format=markdown`)).body;
    expect(stepPage).toContain('Vollständigkeit');
    expect(stepPage).toContain('Übergabegespräch mit Erika Mustermann (Sachbearbeiter:in, Bauamt), geführt von Ivo Interview');
    expect(stepPage).toMatch(/bestätigt von Nora Nachfolge \(Nachfolge\) am \d\d\.\d\d\.\d{4}/);
    expect(stepPage).toContain('Veröffentlicht am');
    const handover = (await c.outsider.get(`/api/v1/pages/${handoverPageId}/export?format=markdown`)).body;
    expect(handover).toContain('Genehmigungsfiktion');
    expect(handover).toContain('Vollständigkeit');
    expect(handover).not.toContain('vertraulich');
    expect(handover).toContain(`/pages/${stepPages[0].pageId}`);

    const after = (await c.manager.get(`/api/v1/interviews/${id}`)).json();
    expect(after).toMatchObject({ status: 'completed', publication: { spaceId: c.spaceId, handoverPageId, completedBy: { id: c.manager.user.id } } });
    expect(after.can.editAnswers).toBe(false);

    const reading = (await c.successor.get(`/api/v1/interviews/${id}/reading-list`)).json();
    expect(reading).toEqual([
      {
        processId: c.processId,
        processName: 'Bauantrag',
        elementId: 'Task_Pruefen',
        stepName: 'Schritt Task_Pruefen',
        questionIds: ['prozessschritte'],
        pages: [{ id: stepPages[0].pageId, title: expect.stringContaining('Schritt Task_Pruefen') }],
      },
    ]);

    // Access and state changes are audited.
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', id).execute();
    const actions = new Set(audit.map((a) => a.action));
    for (const action of ['interview.create', 'interview.status', 'interview.collab.open', 'interview.answer.private', 'interview.answer.link', 'interview.review.accept', 'interview.consent', 'interview.preview', 'interview.complete', 'interview.view']) {
      expect(actions).toContain(action);
    }
    expect((await c.manager.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId })).statusCode).toBe(403);
  }, 60_000);

  it('refuses a completion when the answers changed after consent', async () => {
    const { id } = await scheduleInterview(c);
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
    const peer = connectInterview(t.baseUrl, id, c.subject);
    await syncedPeer(peer);
    answerParagraph(peer.doc, 'offene-vorgaenge').insert(0, 'Vorgang 12/2024 wartet auf Statik.');
    await serverHas(t, id, 'offene-vorgaenge', 'Statik');
    await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_review' });
    const { hash } = (await c.subject.get(`/api/v1/interviews/${id}/preview`)).json();
    expect((await c.subject.post(`/api/v1/interviews/${id}/consent`, { hash })).statusCode).toBe(200);
    answerParagraph(peer.doc, 'offene-vorgaenge').insert(0, 'Nachtrag: ');
    await serverHas(t, id, 'offene-vorgaenge', 'Nachtrag');
    peer.destroy();
    const refused = await c.manager.post(`/api/v1/interviews/${id}/complete`, { spaceId: c.spaceId });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toBe('urn:stafette:problem:consent-outdated');
    expect((await c.subject.post(`/api/v1/interviews/${id}/consent`, { hash })).json().type).toBe('urn:stafette:problem:preview-outdated');
    expect((await c.manager.get(`/api/v1/interviews/${id}`)).json().status).toBe('in_review');
  }, 60_000);

  it('keeps the template version an interview started with when the template changes', async () => {
    const [template] = (await c.manager.get('/api/v1/interview-templates')).json();
    const { id: before } = await scheduleInterview(c);
    const sections = [...template.sections, { title: 'Digitalisierung', questions: [{ id: 'digital', kind: 'systems', prompt: 'Welche Abläufe sind schon digital?', help: '' }] }];
    expect((await c.interviewer.put(`/api/v1/interview-templates/${template.id}`, { name: template.name, sections, baseVersion: template.version })).statusCode).toBe(403);
    const edited = await c.manager.put(`/api/v1/interview-templates/${template.id}`, { name: template.name, sections, baseVersion: template.version });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().version).toBe(template.version + 1);
    const stale = await c.admin.put(`/api/v1/interview-templates/${template.id}`, { name: template.name, sections, baseVersion: template.version });
    expect(stale.statusCode).toBe(409);
    const duplicate = await c.admin.put(`/api/v1/interview-templates/${template.id}`, { name: 'x', sections: [{ title: 'A', questions: [{ id: 'a', kind: 'rich_text', prompt: 'A?', help: '' }, { id: 'a', kind: 'rich_text', prompt: 'B?', help: '' }] }], baseVersion: template.version + 1 });
    expect(duplicate.statusCode).toBe(400);

    const old = (await c.manager.get(`/api/v1/interviews/${before}`)).json();
    expect(old.template.version).toBe(template.version);
    expect(old.sections.map((s: { title: string }) => s.title)).not.toContain('Digitalisierung');
    const { body: fresh } = await scheduleInterview(c);
    expect(fresh.template.version).toBe(template.version + 1);
    expect(fresh.sections.map((s: { title: string }) => s.title)).toContain('Digitalisierung');
    // Answers exist only for the interview's own questions.
    expect((await c.subject.put(`/api/v1/interviews/${before}/answers/digital`, { private: true })).statusCode).toBe(404);
  }, 60_000);

  it('validates input with problem+json', async () => {
    const bad = await c.manager.post('/api/v1/interviews', { subjectUserId: c.subject.user.id, interviewerId: c.subject.user.id, departureDate: '2030-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await c.manager.post('/api/v1/interviews', { subjectUserId: c.subject.user.id, interviewerId: c.interviewer.user.id, departureDate: 'morgen' })).statusCode).toBe(400);
    expect((await c.manager.post('/api/v1/interviews', { subjectUserId: c.subject.user.id, interviewerId: c.interviewer.user.id, departureDate: '2030-01-01', extra: 1 })).statusCode).toBe(400);
    expect((await c.subject.post('/api/v1/interviews', { subjectUserId: c.subject.user.id, interviewerId: c.interviewer.user.id, departureDate: '2030-01-01' })).statusCode).toBe(403);
  });

  it('describes every interview route in the OpenAPI document', async () => {
    const ours = (await documentedRoutes(t.app)).filter((r) => r.url.includes('interview') || r.url.endsWith('/pseudonymise'));
    expect(ours.length).toBeGreaterThanOrEqual(13);
    for (const { method, url, operation } of ours) expect(operation?.tags, `${method} ${url}`).toContain('interviews');
  });
});
