import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { postgresCombinations, startSearchApp } from './backends.ts';
import { indexed, insertPages, search } from './support.ts';

/**
 * Issue 28 synonym groups: the shipped LeiKa/FIM service names meet the words people use at the
 * counter, and a knowledge manager adds a group of the town's own (not only administrators).
 */
const PAGES = [
  { title: 'Außerbetriebsetzung eines Fahrzeugs', body: 'Die Zulassungsstelle setzt das Fahrzeug außer Betrieb; Kennzeichen und Zulassungsbescheinigung mitbringen.' },
  { title: 'Melderegisterauskunft', body: 'Private erhalten eine einfache Melderegisterauskunft über Name und Anschrift einer Person.' },
  { title: 'Verwarnungsgeld im ruhenden Verkehr', body: 'Falschparker erhalten ein Verwarnungsgeld; Zahlung innerhalb einer Woche.' },
  { title: 'Fahrzeug kaufen', body: 'Beim Kauf eines gebrauchten Fahrzeugs prüfen Sie die Papiere.' },
];

describe.each(postgresCombinations)('synonym groups on $label', (c) => {
  let t: TestApp;
  let reader: Client & { user: TestUser };
  let manager: Client & { user: TestUser };

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient({ role: 'user' });
    manager = await t.userClient({ role: 'knowledge_manager' });
    const space = await seedSpace(t.database.db, { name: 'Straßenverkehrsamt', readers: [reader] });
    await insertPages(t.database.db, space, PAGES);
    await indexed(t);
  }, 120_000);
  afterAll(() => t?.close());

  const top = async (q: string) => (await search(reader, q)).hits[0]?.title;

  it('finds the catalogue name of a service by the everyday words for it', async () => {
    expect(await top('Auto abmelden')).toBe('Außerbetriebsetzung eines Fahrzeugs');
    expect(await top('Meldeauskunft')).toBe('Melderegisterauskunft');
  });

  it('lets a knowledge manager add a group of the town’s own, which search uses at once, and remove it again', async () => {
    expect(await top('Parkzettelbüro')).not.toBe('Verwarnungsgeld im ruhenden Verkehr');
    const put = await manager.put('/api/v1/search/synonyms', { groups: [['Parkzettelbüro', 'Verwarnungsgeld']] });
    expect(put.statusCode, put.body).toBe(200);
    expect(await top('Parkzettelbüro')).toBe('Verwarnungsgeld im ruhenden Verkehr');
    expect((await reader.put('/api/v1/search/synonyms', { groups: [] })).statusCode).toBe(403);
    expect((await manager.put('/api/v1/search/synonyms', { groups: [] })).statusCode).toBe(200);
    expect(await top('Parkzettelbüro')).not.toBe('Verwarnungsgeld im ruhenden Verkehr');
  });
});
