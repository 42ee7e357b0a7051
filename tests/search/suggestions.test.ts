import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suggestion } from '@stafette/api';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { seedProcess, seedSpace } from '../support/seed.ts';
import { postgresCombinations, startSearchApp } from './backends.ts';
import { indexed, insertPages, search } from './support.ts';

/**
 * Issue 28, search where people work: suggestions while typing (titles, steps, people) within
 * what the caller may read, "Meinten Sie …?" from words of readable pages only, and step-first
 * ranking in the process view.
 */
const READABLE = [
  { title: 'Personalausweis beantragen', body: 'Den Personalausweis beantragen Sie im Bürgerbüro. Elterngeld ist eine andere Leistung.' },
  { title: 'Elterngeld für Selbstständige', body: 'Das Elterngeld berechnet die Elterngeldstelle aus dem Gewinn.' },
  { title: 'Reisepass beantragen', body: 'Der Reisepass wird in vier Wochen gefertigt; ein Expresspass in drei Tagen.' },
  { title: 'Reisepass für Kinder', body: 'Kinder brauchen einen eigenen Reisepass oder Kinderreisepass.' },
  { title: 'Reisepass verloren', body: 'Einen verlorenen Reisepass melden Sie sofort; er wird gesperrt.' },
];
const SECRET = [
  { title: 'Personalakte Verschlusssache', body: 'Die Verschlusssachenanweisung regelt den Umgang mit Personalakten.' },
  { title: 'Verschlusssachenanweisung', body: 'Verschlusssachenanweisung des Bundes, Auszug für die Personalabteilung.' },
];

describe.each(postgresCombinations)('suggestions, did-you-mean and step-first on $label', (c) => {
  let t: TestApp;
  let reader: Client & { user: TestUser };
  let processId: string;
  const id: Record<string, string> = {};

  const suggestions = async (q: string, limit = 8): Promise<Suggestion[]> => {
    const res = await reader.get(`/api/v1/search/suggestions?q=${encodeURIComponent(q)}&limit=${limit}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().suggestions;
  };

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient({ displayName: 'Rita Reader' });
    await t.userClient({ displayName: 'Paula Personalrat' });
    const db = t.database.db;
    const amt = await seedSpace(db, { name: 'Bürgerbüro', readers: [reader] });
    const geheim = await seedSpace(db, { name: 'Personalabteilung' });
    [id.ausweis, id.elterngeld, id.pass, id.passKinder, id.passVerloren] = await insertPages(db, amt, READABLE);
    await insertPages(db, geheim, SECRET);
    processId = await seedProcess(db, amt, 'Pass ausstellen', ['Task_Antrag', 'Task_Ausgabe']);
    await db.updateTable('process_steps').set({ name: 'Personalien prüfen' }).where('process_id', '=', processId).where('element_id', '=', 'Task_Antrag').execute();
    await db.updateTable('process_steps').set({ name: 'Pass aushändigen' }).where('process_id', '=', processId).where('element_id', '=', 'Task_Ausgabe').execute();
    const secretProcess = await seedProcess(db, geheim, 'Akten führen', ['Task_Geheim']);
    await db.updateTable('process_steps').set({ name: 'Personalakte anlegen' }).where('process_id', '=', secretProcess).execute();
    await db
      .insertInto('process_step_pages')
      .values([
        { process_id: processId, element_id: 'Task_Antrag', page_id: id.passKinder! },
        { process_id: processId, element_id: 'Task_Ausgabe', page_id: id.pass! },
        { process_id: processId, element_id: 'Task_Ausgabe', page_id: id.passVerloren! },
      ])
      .execute();
    await indexed(t);
  }, 120_000);
  afterAll(() => t?.close());

  describe('suggestions while typing', () => {
    it('offers titles, steps and people with a word starting with what was typed, of readable spaces only', async () => {
      const found = await suggestions('Perso');
      expect(found).toContainEqual({ kind: 'page', id: id.ausweis, label: 'Personalausweis beantragen', spaceId: expect.any(String) });
      expect(found).toContainEqual({ kind: 'step', id: 'Task_Antrag', label: 'Personalien prüfen', processId, processName: 'Pass ausstellen' });
      expect(found.find((s) => s.kind === 'person')?.label).toBe('Paula Personalrat');
      // The other space's page and step stay unknown.
      expect(found.map((s) => s.label)).not.toContain('Personalakte Verschlusssache');
      expect(found.map((s) => s.label)).not.toContain('Personalakte anlegen');
      // Kinds come grouped: pages, then steps, then people.
      expect(found.map((s) => s.kind)).toEqual([...found.map((s) => s.kind)].sort((a, b) => ['page', 'step', 'person'].indexOf(a) - ['page', 'step', 'person'].indexOf(b)));
    });

    it('matches word starts in any word, a title starting with the text first, within the limit', async () => {
      const found = await suggestions('reisep', 2);
      expect(found).toHaveLength(2);
      expect(found.every((s) => s.kind === 'page' && s.label.startsWith('Reisepass'))).toBe(true);
      expect((await suggestions('aushänd')).map((s) => s.label)).toEqual(['Pass aushändigen']);
      // Wildcards typed are letters.
      expect(await suggestions('%')).toEqual([]);
    });

    it('refuses a missing or overlong query as a problem', async () => {
      expect((await reader.get('/api/v1/search/suggestions')).statusCode).toBe(400);
      expect((await reader.get(`/api/v1/search/suggestions?q=${'a'.repeat(501)}`)).statusCode).toBe(400);
    });
  });

  describe('Meinten Sie …?', () => {
    it('offers a close word of a readable page for a query without hits, which then finds it', async () => {
      const result = await search(reader, 'Eldergeld');
      expect(result.hits).toEqual([]);
      expect(result.correction).toBe('Elterngeld');
      expect((await search(reader, result.correction!)).hits.map((h) => h.pageId)).toContain(id.elterngeld);
    });

    it('never offers a word only unreadable pages hold', async () => {
      for (const q of ['Verschlussachenanweisung', 'Verschlusssachenanweisung']) {
        const result = await search(reader, q);
        expect(result.hits, q).toEqual([]);
        expect(result.correction, q).toBeUndefined();
      }
    });

    it('offers nothing when the query has hits', async () => {
      expect((await search(reader, 'Reisepass')).correction).toBeUndefined();
    });
  });

  describe('step-first ranking in the process view', () => {
    it('ranks the pages at the step searched from first, and keeps every hit of the process', async () => {
      const plain = (await search(reader, 'Reisepass', { processId })).hits.map((h) => h.pageId);
      expect(plain.sort()).toEqual([id.pass, id.passKinder, id.passVerloren].sort());
      const fromAntrag = (await search(reader, 'Reisepass', { processId, fromStepId: 'Task_Antrag' })).hits.map((h) => h.pageId);
      expect(fromAntrag[0]).toBe(id.passKinder);
      expect(fromAntrag).toHaveLength(3);
      const fromAusgabe = (await search(reader, 'Reisepass', { processId, fromStepId: 'Task_Ausgabe' })).hits.map((h) => h.pageId);
      expect(fromAusgabe.slice(0, 2).sort()).toEqual([id.pass, id.passVerloren].sort());
      expect(fromAusgabe[2]).toBe(id.passKinder);
    });

    it('needs the process for the step', async () => {
      expect((await reader.get('/api/v1/search?q=Reisepass&fromStepId=Task_Antrag')).statusCode).toBe(400);
    });
  });
});
