/**
 * Exit interviews in real Chromium against the real server: interviewer and departing person
 * fill answers live in two browser contexts and attach one to a process step; the successor
 * accepts it; the departing person consents after the preview; the interviewer publishes; the
 * published knowledge shows on the step in the process view. A running interview past its
 * retention date shows the interviewer a warning (it is never deleted automatically).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserBackends } from '../support/databases.ts';
import { createSpace, putMember } from '../support/seed.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { signIn } from './support/ui.ts';
import { linearModel } from '../support/processes.ts';

const answerEditor = (page: Page, questionId: string) => page.locator(`#answer-${questionId}`);
const card = (page: Page, questionId: string) => page.locator(`[data-question-id="${questionId}"]`);

/** Types the first word key by key (real keystrokes), then inserts the rest as one input event (keeps the test fast on a loaded machine). */
async function write(page: Page, text: string): Promise<void> {
  const [first, ...rest] = text.split(' ');
  await page.keyboard.type(first!);
  if (rest.length > 0) await page.keyboard.insertText(` ${rest.join(' ')}`);
}

async function openInterview(page: Page, id: string): Promise<void> {
  await page.goto(`/interviews/${id}`);
  await answerEditor(page, 'aufgaben-ueberblick').waitFor({ timeout: 15_000 });
}

describe.each(browserBackends('postgres'))('exit interviews in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let interviewer: WatchedPage;
  let subject: WatchedPage;
  let successor: WatchedPage;
  let interviewId: string;
  let processId: string;
  let space: { id: string; name: string };
  let schedule: (departureDate: string, subjectRole: string) => Promise<string>;

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const manager = await server.user({ role: 'knowledge_manager', displayName: 'Wiebke Wissen' });
    const iv = await server.user({ displayName: 'Ivo Interview' });
    const sub = await server.user({ displayName: 'Erika Mustermann' });
    const succ = await server.user({ displayName: 'Nora Nachfolge' });
    space = await createSpace(manager.api, `Bauamt ${backend}`);
    for (const u of [iv, sub, succ]) await putMember(manager.api, space.id, u.id, 'editor');
    const imported = await manager.api.post(`/api/v1/processes/import?spaceId=${space.id}`, linearModel({ name: 'Bauantrag', taskIds: ['Task_Pruefen', 'Task_Bescheid'] }), {
      headers: { 'content-type': 'application/xml' },
    });
    processId = imported.json().id;
    const created = await manager.api.post('/api/v1/interviews', {
      subjectUserId: sub.id,
      interviewerId: iv.id,
      successorId: succ.id,
      departureDate: '2030-06-30',
      subjectRole: 'Sachbearbeiter:in, Bauamt',
    });
    interviewId = created.json().id;
    schedule = async (departureDate, subjectRole) =>
      (await manager.api.post('/api/v1/interviews', { subjectUserId: sub.id, interviewerId: iv.id, successorId: succ.id, departureDate, subjectRole })).json().id;
    interviewer = await openPage(chromium.browser, server.baseUrl);
    subject = await openPage(chromium.browser, server.baseUrl);
    successor = await openPage(chromium.browser, server.baseUrl);
    await signIn(interviewer.page, iv.email);
    await signIn(subject.page, sub.email);
    await signIn(successor.page, succ.email);
    // A step that cannot happen fails within seconds, naming the step, instead of at the test timeout.
    for (const p of [interviewer, subject, successor]) p.page.setDefaultTimeout(20_000);
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    // On failure: what each person saw, for the report.
    for (const [name, p] of [['interviewer', interviewer], ['subject', subject], ['successor', successor]] as const) {
      if (!p) continue;
      await screenshot(p.page, `interview-failure-${name}`).catch(() => {});
      console.log(`${name} problems:`, p.problems.slice(-10));
    }
  });

  it('fills answers live in two contexts, attaches one to a step, reviews, consents and publishes onto the step', async () => {
    // The interviewer finds it in the list and starts it.
    await interviewer.page.goto('/interviews');
    await interviewer.page.getByRole('link', { name: /Erika Mustermann/ }).click();
    await interviewer.page.getByRole('button', { name: 'Gespräch beginnen' }).click();
    await interviewer.page.locator('[data-status="in_progress"]').waitFor();
    await answerEditor(interviewer.page, 'aufgaben-ueberblick').waitFor();
    await openInterview(subject.page, interviewId);

    // Both type, each into an answer; each sees the other's text live.
    await answerEditor(interviewer.page, 'prozessschritte').click();
    await write(interviewer.page, 'Ich prüfe jeden Bauantrag zuerst auf Vollständigkeit.');
    await answerEditor(subject.page, 'fristen').click();
    await write(subject.page, 'Genehmigungsfiktion nach drei Monaten.');
    await expect.poll(() => answerEditor(subject.page, 'prozessschritte').innerText(), { timeout: 10_000 }).toContain('Vollständigkeit');
    await expect.poll(() => answerEditor(interviewer.page, 'fristen').innerText(), { timeout: 10_000 }).toContain('Genehmigungsfiktion');
    // Presence: the interviewer sees the departing person.
    await interviewer.page.locator('.presence [data-user-name="Erika Mustermann"]').waitFor({ timeout: 10_000 });

    // The departing person keeps one answer private.
    await answerEditor(subject.page, 'rat').click();
    await write(subject.page, 'Nur für uns: der Wechsel hat private Gründe.');
    await card(subject.page, 'rat').getByLabel('Vertraulich (wird nie veröffentlicht)').check();
    await expect.poll(() => card(subject.page, 'rat').getAttribute('class')).toContain('answer-private');

    // The interviewer attaches the process answer to a step.
    const processCard = card(interviewer.page, 'prozessschritte');
    await processCard.getByRole('button', { name: 'Prozessschritt zuordnen' }).click();
    await processCard.getByLabel('Bereich', { exact: true }).selectOption(space.id);
    await processCard.getByLabel('Prozess', { exact: true }).selectOption(processId);
    await processCard.getByLabel('Schritt', { exact: true }).selectOption('Task_Pruefen');
    await processCard.getByRole('button', { name: 'Zuordnen' }).click();
    await processCard.getByRole('link', { name: 'Bauantrag: Schritt Task_Pruefen' }).waitFor();
    await processCard.scrollIntoViewIfNeeded();
    await screenshot(interviewer.page, 'interview-form-interviewer');
    await card(subject.page, 'rat').scrollIntoViewIfNeeded();
    await screenshot(subject.page, 'interview-form-private-answer');

    await interviewer.page.getByRole('button', { name: 'Zur Prüfung an die Nachfolge' }).click();
    await interviewer.page.locator('[data-status="in_review"]').waitFor();

    // The successor reads it (read-only) and accepts the step answer.
    await openInterview(successor.page, interviewId);
    expect(await answerEditor(successor.page, 'prozessschritte').getAttribute('contenteditable')).toBe('false');
    const successorCard = card(successor.page, 'prozessschritte');
    await successorCard.getByRole('button', { name: 'Verstanden und übernommen' }).click();
    await successorCard.getByText('Von der Nachfolge bestätigt').waitFor();
    await successorCard.scrollIntoViewIfNeeded();
    await screenshot(successor.page, 'interview-form-successor-review');

    // The departing person sees exactly what will be published, and consents.
    await subject.page.reload();
    await answerEditor(subject.page, 'aufgaben-ueberblick').waitFor();
    await subject.page.getByRole('button', { name: 'Vorschau und Zustimmung' }).click();
    const dialog = subject.page.getByRole('dialog', { name: 'Was veröffentlicht wird' });
    await dialog.getByText('Genehmigungsfiktion').waitFor();
    expect(await dialog.innerText()).not.toContain('private Gründe');
    await screenshot(subject.page, 'interview-consent-preview');
    await dialog.getByRole('button', { name: 'Ich stimme der Veröffentlichung zu' }).click();
    await subject.page.getByText('Zustimmung liegt vor.').first().waitFor();

    // The interviewer publishes into the space and lands on the handover page.
    await interviewer.page.reload();
    await answerEditor(interviewer.page, 'aufgaben-ueberblick').waitFor();
    await interviewer.page.getByRole('button', { name: 'Abschließen und veröffentlichen' }).click();
    const complete = interviewer.page.getByRole('dialog', { name: 'Gespräch abschließen' });
    await complete.getByLabel('Bereich für die Übergabeseite').selectOption(space.id);
    await complete.getByRole('button', { name: 'Veröffentlichen' }).click();
    await complete.getByRole('link', { name: 'Zur Übergabeseite' }).click();
    await interviewer.page.locator('#page-editor').getByText('Genehmigungsfiktion').waitFor({ timeout: 15_000 });
    expect(await interviewer.page.locator('#page-editor').innerText()).toContain('Übergabegespräch mit Erika Mustermann');
    expect(await interviewer.page.locator('#page-editor').innerText()).not.toContain('private Gründe');
    await screenshot(interviewer.page, 'interview-handover-page');

    // The knowledge is on the step: in the API and in the process view's step panel.
    const onStep = await server.login((await server.database.db.selectFrom('users').select('email').where('display_name', '=', 'Nora Nachfolge').executeTakeFirstOrThrow()).email);
    const pages = (await onStep.get(`/api/v1/processes/${processId}/steps/Task_Pruefen/pages`)).json();
    expect(pages).toHaveLength(1);
    await successor.page.goto(`/processes/${processId}/steps/Task_Pruefen`);
    const panel = successor.page.locator('[data-step-panel="Task_Pruefen"]');
    await panel.waitFor({ timeout: 15_000 });
    await panel.getByText(/Schritt Task_Pruefen: In welchen Prozessen/).waitFor({ timeout: 15_000 });
    await screenshot(successor.page, 'interview-knowledge-on-step');
    await panel.getByRole('link', { name: /Schritt Task_Pruefen: In welchen Prozessen/ }).click();
    await successor.page.locator('#page-editor').getByText('Vollständigkeit').waitFor({ timeout: 15_000 });
    expect(await successor.page.locator('#page-editor').innerText()).toMatch(/bestätigt von Nora Nachfolge/);
  }, 420_000);

  it('warns the interviewer of a running interview past its retention date, in the list and on the form', async () => {
    const overdue = await schedule('2020-01-31', 'Sachbearbeiter:in, Ordnungsamt');
    await interviewer.page.goto('/interviews');
    const item = interviewer.page.locator('.interview-list-item').filter({ hasText: 'Ordnungsamt' });
    await item.getByText('Aufbewahrungsfrist abgelaufen').waitFor();
    await item.getByRole('link').click();
    const notice = interviewer.page.getByRole('alert').filter({ hasText: 'Aufbewahrungsfrist' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain('30.04.2020');
    expect(await notice.innerText()).toContain('bleiben erhalten');
    // Deleting is a knowledge manager's decision, not the interviewer's.
    expect(await notice.getByRole('button', { name: 'Nicht veröffentlichte Inhalte löschen' }).count()).toBe(0);
    expect(interviewer.page.url()).toContain(`/interviews/${overdue}`);
    await screenshot(interviewer.page, 'interview-retention-warning');
  }, 120_000);
});
