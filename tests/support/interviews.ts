import type * as Y from 'yjs';
import { firstParagraphText, fragmentText } from '@stafette/schema';
import type { Backend } from './databases.ts';
import type { Client, UserClient } from './test-app.ts';
import { type CollabTestApp, openProvider, type ProviderPeer, startCollabApp, synced, waitFor } from './collab.ts';
import { seedProcess, seedSpace } from './seed.ts';

/**
 * Interview tests: the real server on a port, signed-in clients for every part of an
 * interview, a space with a process to attach answers to, and real y-websocket peers on
 * `/collab/interview/:id`.
 */
export interface Cast {
  admin: UserClient;
  manager: UserClient;
  subject: UserClient;
  interviewer: UserClient;
  successor: UserClient;
  outsider: UserClient;
  spaceId: string;
  processId: string;
}

export async function startInterviewApp(backend: Backend): Promise<CollabTestApp> {
  return startCollabApp(backend);
}

export async function cast(t: CollabTestApp): Promise<Cast> {
  const admin = await t.userClient({ role: 'admin', displayName: 'Ada Admin' });
  const manager = await t.userClient({ role: 'knowledge_manager', displayName: 'Wiebke Wissen' });
  const subject = await t.userClient({ displayName: 'Erika Mustermann' });
  const interviewer = await t.userClient({ displayName: 'Ivo Interview' });
  const successor = await t.userClient({ displayName: 'Nora Nachfolge' });
  const outsider = await t.userClient({ displayName: 'Otto Außen' });
  // Everyone but the outsider works in the Bauamt space (the outsider too would not see interviews).
  const spaceId = await seedSpace(t.database.db, {
    name: `Bauamt ${Math.random().toString(36).slice(2, 7)}`,
    owners: [manager],
    editors: [subject, interviewer, successor, outsider],
  });
  const processId = await seedProcess(t.database.db, spaceId, 'Bauantrag', ['Task_Pruefen', 'Task_Bescheid']);
  return { admin, manager, subject, interviewer, successor, outsider, spaceId, processId };
}

/** An interview suite's app on a port and its cast. */
export async function startInterviewCast(backend: Backend): Promise<{ t: CollabTestApp; c: Cast }> {
  const t = await startInterviewApp(backend);
  return { t, c: await cast(t) };
}

export async function scheduleInterview(c: Cast, extra: Record<string, unknown> = {}): Promise<{ id: string; body: any }> {
  const res = await c.manager.post('/api/v1/interviews', {
    subjectUserId: c.subject.user.id,
    interviewerId: c.interviewer.user.id,
    successorId: c.successor.user.id,
    departureDate: '2030-06-30',
    subjectRole: 'Sachbearbeiter:in, Bauamt',
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`scheduling failed: ${res.statusCode} ${res.body}`);
  return { id: res.json().id, body: res.json() };
}

export type InterviewPeer = ProviderPeer;

export function connectInterview(baseUrl: string, interviewId: string, client: Client): InterviewPeer {
  return openProvider(baseUrl, `interview/${interviewId}`, { cookie: client.headers.cookie! });
}

/** The text of the first paragraph of an answer, creating the paragraph when missing (as y-prosemirror writes it). */
export const answerParagraph = (doc: Y.Doc, questionId: string): Y.XmlText => firstParagraphText(doc, `answer:${questionId}`);

export const answerText = (doc: Y.Doc, questionId: string): string => fragmentText(doc, '|', `answer:${questionId}`);

export { synced as syncedPeer };

/** Waits until the server's live document holds `expected` in the answer. */
export async function serverHas(t: CollabTestApp, interviewId: string, questionId: string, expected: string): Promise<void> {
  const doc = await t.app.interviewCollab.getDocument(interviewId);
  await waitFor(() => answerText(doc, questionId).includes(expected), 10_000, `server answer ${questionId}`);
}

export { waitFor };

/** Starts the interview and writes each answer through a real collaboration peer. */
export async function fillAnswers(t: CollabTestApp, c: Cast, id: string, answers: Record<string, string>): Promise<void> {
  const status = (await c.manager.get(`/api/v1/interviews/${id}`)).json().status;
  if (status === 'planned') await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_progress' });
  const peer = connectInterview(t.baseUrl, id, c.subject);
  await synced(peer);
  for (const [questionId, text] of Object.entries(answers)) answerParagraph(peer.doc, questionId).insert(0, text);
  for (const [questionId, text] of Object.entries(answers)) await serverHas(t, id, questionId, text);
  peer.destroy();
}

/** Sends the interview to review and has the departing person consent to the preview they see. */
export async function reviewAndConsent(c: Cast, id: string): Promise<void> {
  const review = await c.interviewer.post(`/api/v1/interviews/${id}/transition`, { to: 'in_review' });
  if (review.statusCode !== 200) throw new Error(`review failed: ${review.statusCode} ${review.body}`);
  const { hash } = (await c.subject.get(`/api/v1/interviews/${id}/preview`)).json();
  const consent = await c.subject.post(`/api/v1/interviews/${id}/consent`, { hash });
  if (consent.statusCode !== 200) throw new Error(`consent failed: ${consent.statusCode} ${consent.body}`);
}
