/**
 * Comments in real Chromium against the real server: Anna selects text and comments on it,
 * Ben sees it arrive live and replies mentioning her, Anna's bell counts up, the notice opens
 * the page at the reply, and Anna resolves the thread.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { browserBackends } from '../support/databases.ts';
import { createSpace, importMarkdown, putMember } from '../support/seed.ts';
import { seriousA11yViolations } from './support/axe.ts';
import { openPage, screenshot, type LaunchedBrowser, type WatchedPage } from './support/browser.ts';
import type { E2EServer } from './support/server.ts';
import { browserSuite } from './support/suite.ts';
import { editorOf, signIn, waitForLive } from './support/ui.ts';

describe.each(browserBackends('postgres'))('comments in the browser on %s', (backend) => {
  let server: E2EServer;
  let chromium: LaunchedBrowser;
  let anna: WatchedPage;
  let ben: WatchedPage;
  let pageId: string;
  let spaceId: string;
  let ownerApi: Awaited<ReturnType<E2EServer['user']>>['api'];

  browserSuite(backend, (s, c) => ((server = s), (chromium = c)));
  beforeAll(async () => {
    const owner = await server.user({ displayName: 'Anna Schmidt' });
    const editor = await server.user({ displayName: 'Ben Keller' });
    const space = await createSpace(owner.api, `Standesamt ${backend}`);
    spaceId = space.id;
    ownerApi = owner.api;
    await putMember(owner.api, space.id, editor.id, 'editor');
    pageId = await importMarkdown(owner.api, space.id, 'Eheschließung anmelden', '# Eheschließung anmelden\n\nDie Gebühr beträgt 40 Euro pro Anmeldung.');
    anna = await openPage(chromium.browser, server.baseUrl);
    ben = await openPage(chromium.browser, server.baseUrl);
    await signIn(anna.page, owner.email);
    await signIn(ben.page, editor.email);
  });

  it('A comments on selected text, B sees it live and replies with a mention, A’s bell counts up, A resolves', async () => {
    for (const { page } of [anna, ben]) {
      await page.goto(`/pages/${pageId}`);
      await waitForLive(page);
    }
    const bell = anna.page.getByRole('button', { name: /^Benachrichtigungen/ });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Benachrichtigungen');

    // "@" in the editor offers the people who can read the page; the mention shows the name.
    await editorOf(anna.page).getByText('pro Anmeldung.').click();
    await anna.page.keyboard.press('End');
    await anna.page.keyboard.type(' Zuständig: @Be');
    await anna.page.getByRole('option', { name: 'Ben Keller' }).waitFor();
    await anna.page.keyboard.press('Enter');
    await editorOf(ben.page).locator('.mention[data-mention-id]', { hasText: '@Ben Keller' }).waitFor({ timeout: 10_000 });

    // Anna selects the sentence and comments on it.
    await editorOf(anna.page).getByText('Die Gebühr beträgt 40 Euro').click({ clickCount: 3 });
    await anna.page.getByRole('button', { name: 'Markierten Text kommentieren' }).click();
    await expect.poll(() => anna.page.locator('.comment-new q').innerText()).toContain('40 Euro');
    await anna.page.getByLabel('Neuer Kommentar (mit @ jemanden erwähnen)').fill('Ist die **Gebühr** noch aktuell?');
    await anna.page.getByRole('button', { name: 'Senden' }).click();
    await anna.page.locator('.comment-anchor').first().waitFor();

    // Ben sees it without reloading, with the quoted text highlighted in his editor.
    const thread = ben.page.getByRole('listitem', { name: 'Diskussion von Anna Schmidt' });
    await thread.waitFor({ timeout: 10_000 });
    expect(await thread.locator('strong', { hasText: 'Gebühr' }).count()).toBe(1);
    await ben.page.locator('#page-editor .comment-anchor').first().waitFor();
    await screenshot(ben.page, 'comments-arrived-live');

    // Ben replies and mentions Anna through the @ list.
    await thread.getByRole('button', { name: 'Antworten' }).click();
    const reply = ben.page.getByLabel('Antwort (mit @ jemanden erwähnen)');
    await reply.pressSequentially('Seit Januar 45 Euro, @Ann');
    await ben.page.getByRole('option', { name: 'Anna Schmidt' }).waitFor();
    await reply.press('Enter');
    await reply.pressSequentially('bitte ändern.');
    await expect.poll(() => reply.inputValue()).toMatch(/^Seit Januar 45 Euro, @\[Anna Schmidt\]\([0-9a-f-]{36}\) bitte ändern\.$/);
    await ben.page.getByRole('button', { name: 'Senden' }).last().click();

    // Anna's bell counts up; the notice opens the page at the reply.
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 10_000 }).toBe('Benachrichtigungen, 1 ungelesen');
    await anna.page.getByRole('listitem', { name: 'Diskussion von Anna Schmidt' }).getByText('@Anna Schmidt').waitFor();
    await screenshot(anna.page, 'comments-bell-counts');
    await bell.click();
    const inbox = anna.page.getByRole('region', { name: 'Benachrichtigungen' });
    await inbox.getByRole('button', { name: /Ben Keller hat Sie erwähnt/ }).click();
    await expect.poll(() => anna.page.url()).toContain('?comment=');
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Benachrichtigungen');

    // Anna resolves the thread; Ben sees it move to the resolved ones.
    await anna.page.getByRole('listitem', { name: 'Diskussion von Anna Schmidt' }).getByRole('button', { name: 'Erledigt' }).click();
    await ben.page.getByRole('button', { name: 'Erledigte anzeigen (1)' }).waitFor({ timeout: 10_000 });
    expect(await ben.page.locator('#page-editor .comment-anchor').count()).toBe(0);
    await screenshot(ben.page, 'comments-resolved');
    expect(anna.problems).toEqual([]);
    expect(ben.problems).toEqual([]);
  });

  it('mentioning someone who cannot read the page says so; the owner grants access and the mention reaches them', async () => {
    const karl = await server.user({ displayName: 'Karl Kunz' });
    const page2 = await importMarkdown(ownerApi, spaceId, 'Namensänderung', '# Namensänderung\n\nAntrag beim Standesamt.');
    for (const { page } of [anna, ben]) {
      await page.goto(`/pages/${page2}`);
      await waitForLive(page);
    }
    const karlsMentions = async () =>
      ((await karl.api.get('/api/v1/notifications')).json() as { items: { kind: string; pageId: string; actor: { displayName: string } | null }[] }).items
        .filter((n) => n.kind === 'mention' && n.pageId === page2)
        .map((n) => n.actor?.displayName)
        .sort();

    // Ben (an editor) finds Karl after @, marked as not able to read the page, and mentions him.
    const field = ben.page.getByLabel('Neuer Kommentar (mit @ jemanden erwähnen)');
    await field.pressSequentially('Frage an @Karl');
    await ben.page.getByRole('option', { name: 'Karl Kunz – kann diese Seite nicht lesen' }).waitFor();
    expect(await seriousA11yViolations(ben.page)).toEqual([]);
    await field.press('Enter');
    await field.pressSequentially('zur Gebühr.');
    await ben.page.locator('form.comment-new').getByRole('button', { name: 'Senden' }).click();
    // Ben may not add people: he is told to ask the space's owners, and Karl hears nothing yet.
    const benThread = ben.page.getByRole('listitem', { name: 'Diskussion von Ben Keller' });
    await benThread.getByText('Karl Kunz kann diese Seite nicht lesen.').waitFor({ timeout: 10_000 });
    await benThread.getByText(/Bitten Sie die Verantwortlichen des Bereichs, Karl Kunz hinzuzufügen/).waitFor();
    expect(await benThread.getByRole('button', { name: /Zugriff gewähren/ }).count()).toBe(0);
    await screenshot(ben.page, 'comments-mention-ask-owner');
    expect(await karlsMentions()).toEqual([]);
    expect((await karl.api.get(`/api/v1/pages/${page2}`)).statusCode).toBe(404);

    // Anna (the owner) replies mentioning Karl too, and grants him access from the notice.
    const annaThread = anna.page.getByRole('listitem', { name: 'Diskussion von Ben Keller' });
    await annaThread.waitFor({ timeout: 10_000 });
    await annaThread.getByRole('button', { name: 'Antworten' }).click();
    const reply = anna.page.getByLabel('Antwort (mit @ jemanden erwähnen)');
    await reply.pressSequentially('@Karl');
    await anna.page.getByRole('option', { name: /^Karl Kunz/ }).waitFor();
    await reply.press('Enter');
    await reply.pressSequentially('bitte übernehmen.');
    await annaThread.getByRole('button', { name: 'Senden' }).click();
    await annaThread.getByText('Karl Kunz kann diese Seite nicht lesen.').waitFor({ timeout: 10_000 });
    await screenshot(anna.page, 'comments-mention-cannot-read');
    expect(await seriousA11yViolations(anna.page)).toEqual([]);
    await annaThread.getByRole('button', { name: 'Zugriff gewähren für Karl Kunz' }).click();
    await annaThread.getByText('Karl Kunz kann die Seite jetzt lesen und wurde über die Erwähnung benachrichtigt.').waitFor({ timeout: 10_000 });
    await screenshot(anna.page, 'comments-mention-access-granted');

    // Karl reads the page now, as a reader, and both mentions reached him.
    const members = (await ownerApi.get(`/api/v1/spaces/${spaceId}/members`)).json() as { userId: string; role: string }[];
    expect(members.find((m) => m.userId === karl.id)?.role).toBe('reader');
    await expect.poll(karlsMentions, { timeout: 10_000 }).toEqual(['Anna Schmidt', 'Ben Keller']);
    expect((await karl.api.get(`/api/v1/pages/${page2}`)).statusCode).toBe(200);

    // Karl is renamed: the mentions in the comments show his current name.
    await server.database.db.updateTable('users').set({ display_name: 'Karl Kunz-Meier' }).where('id', '=', karl.id).execute();
    await anna.page.reload();
    await anna.page.getByRole('listitem', { name: 'Diskussion von Ben Keller' }).locator('.mention', { hasText: '@Karl Kunz-Meier' }).first().waitFor({ timeout: 10_000 });
    expect(anna.problems).toEqual([]);
    expect(ben.problems).toEqual([]);
  });
});
