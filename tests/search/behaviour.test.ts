import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { SearchIndexer } from '../../server/src/search/indexer.ts';
import { reindexAll } from '../../server/src/search/reindex.ts';
import type { SearchBackend, SearchDocument } from '../../server/src/search/backend.ts';
import type { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { addMember, createPage, createSpace, seedSpace } from '../support/seed.ts';
import { eventually, insertPages, search, settled } from './support.ts';
import { clearIndex, indexedPageIds, meiliCombinations, meiliUrl, postgresCombinations, reportMeiliSkip, startSearchApp, type Combination } from './backends.ts';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="urn:t">
  <process id="p" name="Wohnsitz anmelden">
    <startEvent id="start" />
    <userTask id="pruefen" name="Unterlagen prüfen" />
    <endEvent id="end" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
    <sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
  </process>
</definitions>`;

const titles = (r: { hits: { title: string }[] }) => r.hits.map((h) => h.title);

reportMeiliSkip('search behaviour');
describe.each(postgresCombinations)('search behaviour on $label', (c) => behaviour(c));
describe.skipIf(!meiliUrl).each(meiliCombinations)('search behaviour on $label', (c) => behaviour(c));

function behaviour(c: Combination) {
  let t: TestApp;
  let admin: Client;
  /** Query planning is the PostgreSQL backend's own; Meilisearch plans inside the server. */
  const plan = (q: string) => (t.app.searchService.backend as PostgresSearchBackend).plan(q);

  beforeAll(async () => {
    t = await startSearchApp(c);
    admin = await t.userClient({ role: 'admin' });
  }, 120_000);
  afterAll(() => t?.close());

  describe('German rules', () => {
    let reader: Client & { user: TestUser };
    let spaceId: string;
    beforeAll(async () => {
      reader = await t.userClient();
      spaceId = await seedSpace(t.database.db, { name: 'Regeln', readers: [reader] });
      await insertPages(t.database.db, spaceId, [
        { title: 'Pflege der Grünfläche am Rathaus', body: 'Die Grünflächen werden im Frühjahr gemäht.' },
        { title: 'Karten im Maßstab 1:500', body: 'Der Maßstab der Flurkarte.' },
        { title: 'Ausleihe in der Stadtbücherei', body: 'Bücher können drei Wochen ausgeliehen werden.' },
        { title: 'Ein Buch vormerken', body: 'Vormerkungen sind kostenlos.' },
        { title: 'Dauer der Bearbeitung', body: 'Die Bearbeitungsdauer beträgt zwei Wochen.' },
        { title: 'Sanierung der Mauer am Friedhof', body: 'Die Friedhofsmauer wird im Mai saniert.' },
        { title: 'Verträge der Gemeinde', body: 'Alle Verträge werden im Hauptamt geprüft.' },
        { title: 'Muster für den Mietvertrag', body: 'Für Wohnungen der Gemeinde gilt ein einheitlicher Mietvertrag.' },
        { title: 'Satzung über Spielplätze', body: 'Die Benutzung der Spielplätze ist Kindern bis 14 Jahren gestattet.' },
        { title: 'Termine über das Jahr', body: 'Über die Sitzungen informiert das Amtsblatt.' },
      ]);
      await settled(t);
    });

    it('finds Grünfläche typed as Gruenflaeche and the other way round', async () => {
      expect(titles(await search(reader, 'Gruenflaeche'))[0]).toBe('Pflege der Grünfläche am Rathaus');
      expect(titles(await search(reader, 'Grünfläche'))[0]).toBe('Pflege der Grünfläche am Rathaus');
    });

    it('finds Maßstab typed as Massstab', async () => {
      expect(titles(await search(reader, 'Massstab'))[0]).toBe('Karten im Maßstab 1:500');
    });

    it('keeps über (typed ueber) a stop word', async () => {
      if (c.search === 'postgres') expect((await plan('ueber')).groups).toEqual([]);
      expect((await search(reader, 'über')).hits).toEqual([]);
    });

    it('lets Bücher meet Buch', async () => {
      const hits = titles(await search(reader, 'Buch', { limit: 10 }));
      expect(hits).toContain('Ausleihe in der Stadtbücherei');
      expect(hits).toContain('Ein Buch vormerken');
      expect(titles(await search(reader, 'Bücher'))).toContain('Ein Buch vormerken');
    });

    it('never rewrites Dauer or Mauer', async () => {
      if (c.search === 'postgres') expect((await plan('Dauer')).groups[0]!.exact).not.toContain('dä');
      expect(titles(await search(reader, 'Dauer'))[0]).toBe('Dauer der Bearbeitung');
      expect(titles(await search(reader, 'Mauer'))[0]).toBe('Sanierung der Mauer am Friedhof');
    });

    it('stems Verträge and Vertrag to each other', async () => {
      expect(titles(await search(reader, 'Vertrag'))).toContain('Verträge der Gemeinde');
      expect(titles(await search(reader, 'Verträge'))).toContain('Verträge der Gemeinde');
    });

    it('finds Mietvertrag for Vertrag and "Satzung über Spielplätze" for Spielplatzsatzung', async () => {
      expect(titles(await search(reader, 'Vertrag'))).toContain('Muster für den Mietvertrag');
      expect(titles(await search(reader, 'Spielplatzsatzung'))[0]).toBe('Satzung über Spielplätze');
    });

    it('highlights matches in an HTML-safe snippet', async () => {
      const hit = (await search(reader, 'Mietvertrag')).hits[0]!;
      expect(hit.snippet).toMatch(/<mark>Mietvertrag<\/mark>/);
      expect(hit.snippet).not.toMatch(/<(?!\/?mark>)/);
    });
  });

  describe('consistency', () => {
    it('follows create, title edit, content import, archive, restore, move and delete within a second', async () => {
      const owner = await t.userClient();
      const spaceId = (await createSpace(owner, 'Meldewesen')).id;
      const pageId = await createPage(owner, spaceId, 'Quellsteuerbescheinigung');
      // Within a second of each change the indexer has taken it in (the outbox row for the page is
      // gone); the search then answers accordingly. The bound is on indexing, not on the search
      // itself, which a loaded PGlite may take longer than a second to answer.
      const indexed = () =>
        eventually(async () => (await t.database.db.selectFrom('search_outbox').select('page_id').where('page_id', '=', pageId).execute()).length === 0, 1000);
      const hitIds = async (q: string) => (await search(owner, q)).hits.map((h) => h.pageId);

      await indexed();
      expect(await hitIds('Quellsteuerbescheinigung')).toContain(pageId);
      expect((await owner.patch(`/api/v1/pages/${pageId}`, { title: 'Zuzugsbescheinigung' })).statusCode).toBe(200);
      await indexed();
      expect(await hitIds('Zuzugsbescheinigung')).toContain(pageId);
      expect(await hitIds('Quellsteuerbescheinigung')).not.toContain(pageId);

      const body = await owner.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Ablauf\n\nDer Antrag wird im Einwohnermeldeamt gestempelt.' });
      expect(body.statusCode).toBe(200);
      await indexed();
      expect(await hitIds('gestempelt')).toContain(pageId);

      const parent = await createPage(owner, spaceId, 'Ordner');
      expect((await owner.post(`/api/v1/pages/${pageId}/move`, { parentId: parent })).statusCode).toBe(200);
      await indexed();
      expect(await hitIds('Zuzugsbescheinigung')).toContain(pageId);

      expect((await owner.post(`/api/v1/pages/${pageId}/archive`, {})).statusCode).toBe(200);
      expect(await hitIds('Zuzugsbescheinigung')).not.toContain(pageId);
      await indexed();
      expect(await hitIds('Zuzugsbescheinigung')).not.toContain(pageId);
      expect((await owner.post(`/api/v1/pages/${pageId}/restore`, {})).statusCode).toBe(200);
      await indexed();
      expect(await hitIds('Zuzugsbescheinigung')).toContain(pageId);

      await owner.post(`/api/v1/pages/${pageId}/archive`, {});
      expect((await owner.delete(`/api/v1/pages/${pageId}`)).statusCode).toBe(204);
      expect(await hitIds('Zuzugsbescheinigung')).not.toContain(pageId);
      await indexed();
      await settled(t);
      expect(await indexedPageIds(t, [pageId])).toEqual([]);
    });

    it('shows step attachments on hits and filters by process and step', async () => {
      const owner = await t.userClient();
      const spaceId = (await createSpace(owner, 'Prozesse')).id;
      const imported = await owner.post(`/api/v1/processes/import?spaceId=${spaceId}`, BPMN, { headers: { 'content-type': 'application/xml' } });
      expect(imported.statusCode).toBe(201);
      const processId = imported.json().id as string;
      const pageId = await createPage(owner, spaceId, 'Checkliste Meldeunterlagen');
      const other = await createPage(owner, spaceId, 'Meldeunterlagen archivieren');
      expect((await owner.put(`/api/v1/processes/${processId}/steps/pruefen/pages/${pageId}`, {})).statusCode).toBeLessThan(300);

      await eventually(async () => (await search(owner, 'Meldeunterlagen')).hits.find((h) => h.pageId === pageId)?.steps.length === 1);
      const all = await search(owner, 'Meldeunterlagen');
      expect(all.hits.find((h) => h.pageId === pageId)!.steps).toEqual([{ processId, elementId: 'pruefen', name: 'Unterlagen prüfen' }]);
      expect(all.facets.processes).toEqual([{ id: processId, count: 1 }]);
      const inProcess = await search(owner, 'Meldeunterlagen', { processId, stepId: 'pruefen' });
      expect(inProcess.hits.map((h) => h.pageId)).toEqual([pageId]);
      expect((await search(owner, 'Meldeunterlagen', { processId, stepId: 'end' })).hits).toEqual([]);
      expect(all.hits.map((h) => h.pageId)).toContain(other);

      expect((await owner.delete(`/api/v1/processes/${processId}/steps/pruefen/pages/${pageId}`)).statusCode).toBeLessThan(300);
      await eventually(async () => (await search(owner, 'Meldeunterlagen', { processId })).hits.length === 0);
    });

    it('loses nothing when the indexer dies mid-batch', async () => {
      await settled(t);
      await t.app.searchService.indexer.stop();
      try {
        const spaceId = await seedSpace(t.database.db, { name: 'Absturz' });
        const ids = await insertPages(
          t.database.db,
          spaceId,
          Array.from({ length: 12 }, (_, i) => ({ title: `Absturzprotokoll ${i}`, body: 'Wiederanlauf nach Absturz' })),
        );
        // A backend that indexes part of the batch and then never returns: the process "dies".
        const real = t.app.searchService.backend;
        const dying: SearchBackend = {
          ...real,
          name: real.name,
          search: (q) => real.search(q),
          reindex: (s, b) => real.reindex(s, b),
          remove: () => new Promise(() => {}),
          index: async (docs: readonly SearchDocument[]) => {
            await real.index(docs.slice(0, 5));
            return new Promise(() => {});
          },
        };
        // Its claim on the batch runs out after a second (five minutes in production), as a dead instance's does.
        void new SearchIndexer(t.database.db, dying, { batchSize: 100, claimLeaseMs: 1000 }).drainOnce();
        await eventually(async () => (await indexedPageIds(t, ids)).length === 5, 5000);
        const queued = await t.database.db.selectFrom('search_outbox').select('page_id').where('page_id', 'in', ids).execute();
        expect(queued).toHaveLength(12);
      } finally {
        t.app.searchService.indexer.start();
      }
      await settled(t);
      expect((await search(admin, 'Absturzprotokoll', { limit: 50 })).hits).toHaveLength(12);
    });
  });

  describe('two indexers', () => {
    it('a page indexed by one indexer is not set back by another that read it before the change', async () => {
      await settled(t);
      await t.app.searchService.indexer.stop();
      try {
        const spaceId = await seedSpace(t.database.db, { name: 'Zwei Indexer' });
        const [pageId] = await insertPages(t.database.db, spaceId, [{ title: 'Reihenfolgeprüfung', body: 'Erste Fassung Anfangswortlaut' }]);
        await t.app.searchService.indexer.drain();
        const revise = (body: string) => t.database.db.updateTable('pages').set({ text: body }).where('id', '=', pageId!).execute();
        await revise('Zweite Fassung Zwischenwortlaut');

        // Indexer A (another instance) reads the second version, then is slow to write it.
        const backend = t.app.searchService.backend;
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let reached!: () => void;
        const writing = new Promise<void>((resolve) => (reached = resolve));
        const slow: SearchBackend = {
          ...backend,
          index: async (documents) => {
            reached();
            await held;
            await backend.index(documents);
          },
          remove: (ids) => backend.remove(ids),
        };
        const a = new SearchIndexer(t.database.db, slow, { batchSize: 100 }).drainOnce();
        await writing;

        // Meanwhile the page changes again, and indexer B takes it and indexes the third version.
        await revise('Dritte Fassung Endwortlaut');
        await t.app.searchService.indexer.drain();
        expect(titles(await search(admin, 'Endwortlaut'))).toEqual(['Reihenfolgeprüfung']);

        // A writes what it read; the page is queued again, so the index ends at the third version.
        release();
        await a;
        await t.app.searchService.indexer.drain();
        expect(titles(await search(admin, 'Endwortlaut'))).toEqual(['Reihenfolgeprüfung']);
        expect((await search(admin, 'Zwischenwortlaut')).hits).toEqual([]);
      } finally {
        t.app.searchService.indexer.start();
      }
      await settled(t);
    });
  });

  describe('restart after a crash', () => {
    it('takes back at once, on PGlite (one process), what a dead indexer had claimed; on PostgreSQL the claim holds for its lease', async () => {
      await settled(t);
      await t.app.searchService.indexer.stop();
      const spaceId = await seedSpace(t.database.db, { name: 'Neustart' });
      const ids = await insertPages(t.database.db, spaceId, Array.from({ length: 3 }, (_, i) => ({ title: `Neustartvermerk ${i}`, body: 'Nach dem Neustart' })));
      // A process that claimed the batch (default lease: five minutes) and died before indexing.
      const dead: SearchBackend = { ...t.app.searchService.backend, index: () => new Promise(() => {}) };
      void new SearchIndexer(t.database.db, dead, { batchSize: 100 }).drainOnce();
      const leased = async () =>
        (await t.database.db.selectFrom('search_outbox').select('page_id').where('page_id', 'in', ids).where('next_attempt_at', '>', new Date()).execute()).length;
      await eventually(async () => (await leased()) === 3, 5000);
      t.app.searchService.indexer.start();
      if (t.database.kind === 'pglite') {
        await settled(t);
        expect((await search(admin, 'Neustartvermerk', { limit: 50 })).hits).toHaveLength(3);
      } else {
        // Another instance may still be working on it: only the lease's end hands it over.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(await leased()).toBe(3);
        await t.database.db.updateTable('search_outbox').set({ next_attempt_at: new Date() }).where('page_id', 'in', ids).execute();
        await settled(t);
      }
    });
  });

  describe('permissions', () => {
    it('shows no hit, snippet or facet count from spaces the caller cannot read', async () => {
      const alice = await t.userClient();
      const bob = await t.userClient();
      const mine = await seedSpace(t.database.db, { name: 'Eigener Bereich', readers: [alice] });
      const theirs = await seedSpace(t.database.db, { name: 'Fremder Bereich', owners: [bob] });
      await insertPages(t.database.db, mine, [{ title: 'Zaunkönigerfassung öffentlich', body: 'Zaunkönigerfassung im Park.' }]);
      await insertPages(t.database.db, theirs, [
        { title: 'Zaunkönigerfassung geheim', body: 'Geheimvermerk Zaunkönigerfassung.' },
        { title: 'Zweite Zaunkönigerfassung', body: 'Geheimvermerk.' },
      ]);
      await settled(t);

      const seen = await search(alice, 'Zaunkönigerfassung');
      expect(seen.hits.map((h) => h.spaceId)).toEqual([mine]);
      expect(JSON.stringify(seen)).not.toContain('Geheimvermerk');
      expect(seen.facets.spaces).toEqual([{ id: mine, count: 1 }]);
      expect((await search(alice, 'Zaunkönigerfassung', { spaceId: theirs })).hits).toEqual([]);
      expect((await search(alice, 'Geheimvermerk')).facets.spaces).toEqual([]);
      expect((await search(bob, 'Zaunkönigerfassung')).facets.spaces).toEqual([{ id: theirs, count: 2 }]);

      // Access granted and withdrawn: search follows at once.
      await addMember(t.database.db, theirs, alice, 'reader');
      expect((await search(alice, 'Zaunkönigerfassung')).hits).toHaveLength(3);
      await t.database.db.deleteFrom('space_members').where('space_id', '=', theirs).where('user_id', '=', alice.user.id).execute();
      expect((await search(alice, 'Zaunkönigerfassung')).hits).toHaveLength(1);

      // An archived space disappears from everyone's search.
      await t.database.db.updateTable('spaces').set({ archived_at: new Date() }).where('id', '=', theirs).execute();
      expect((await search(bob, 'Zaunkönigerfassung')).hits).toEqual([]);
      expect((await search(admin, 'Zaunkönigerfassung')).facets.spaces).toEqual([{ id: mine, count: 1 }]);
    });

    it('refuses anonymous callers', async () => {
      expect((await t.anonymous.get('/api/v1/search?q=Antrag')).statusCode).toBe(401);
    });
  });

  describe('API', () => {
    it('pages with a cursor and refuses foreign cursors and stepId without processId', async () => {
      const spaceId = await seedSpace(t.database.db, { name: 'Viele' });
      await insertPages(t.database.db, spaceId, Array.from({ length: 7 }, (_, i) => ({ title: `Blättermerkblatt ${i}`, body: 'Text' })));
      await settled(t);
      const first = await search(admin, 'Blättermerkblatt', { limit: 5 });
      expect(first.hits).toHaveLength(5);
      expect(first.nextCursor).toBeTruthy();
      const second = await search(admin, 'Blättermerkblatt', { limit: 5, cursor: first.nextCursor! });
      expect(second.hits).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
      expect(new Set([...first.hits, ...second.hits].map((h) => h.pageId)).size).toBe(7);

      // Another search's cursor, a cursor for another space, and garbage: one answer on every backend.
      for (const url of [
        `/api/v1/search?q=Antrag&cursor=${first.nextCursor}`,
        `/api/v1/search?q=Bl%C3%A4ttermerkblatt&spaceId=${spaceId}&cursor=${first.nextCursor}`,
        '/api/v1/search?q=Bl%C3%A4ttermerkblatt&cursor=kein-cursor',
      ]) {
        const refused = await admin.get(url);
        expect(refused.statusCode, url).toBe(400);
        expect(refused.headers['content-type']).toContain('application/problem+json');
        expect(refused.json().type).toBe('urn:stafette:problem:invalid-cursor');
      }
      expect((await admin.get(`/api/v1/search?q=Antrag&stepId=x`)).statusCode).toBe(400);
      expect((await admin.get(`/api/v1/search?q=`)).statusCode).toBe(400);
    });

    it('lets administrators extend the synonym list, and only them', async () => {
      const spaceId = await seedSpace(t.database.db, { name: 'Synonyme' });
      await insertPages(t.database.db, spaceId, [{ title: 'Knöllchenstelle', body: 'Zahlung von Verwarnungen.' }]);
      await settled(t);
      const list = (await admin.get('/api/v1/search/synonyms')).json();
      expect(list.shipped.length).toBeGreaterThanOrEqual(300);
      expect(list.shipped).toContainEqual(['AO', 'Abgabenordnung']);
      expect((await search(admin, 'Parkzettelbüro')).hits).toEqual([]);

      const user = await t.userClient();
      expect((await user.put('/api/v1/search/synonyms', { groups: [['Parkzettelbüro', 'Knöllchenstelle']] })).statusCode).toBe(403);
      const put = await admin.put('/api/v1/search/synonyms', { groups: [['Parkzettelbüro', 'Knöllchenstelle']] });
      expect(put.statusCode).toBe(200);
      expect((await admin.get('/api/v1/search/synonyms')).json().groups).toEqual([['Parkzettelbüro', 'Knöllchenstelle']]);
      expect(titles(await search(admin, 'Parkzettelbüro'))).toEqual(['Knöllchenstelle']);
      expect((await admin.put('/api/v1/search/synonyms', { groups: [['nur eins']], extra: 1 })).statusCode).toBe(400);
    });

    it('rebuilds the whole index with reindex', async () => {
      await settled(t);
      const before = (await search(admin, 'Zaunkönigerfassung')).hits.map((h) => h.pageId).sort();
      await clearIndex(t);
      expect((await search(admin, 'Zaunkönigerfassung')).hits).toEqual([]);
      const total = await reindexAll(t.database.db, t.app.searchService.backend);
      expect(total).toBeGreaterThan(10);
      expect((await search(admin, 'Zaunkönigerfassung')).hits.map((h) => h.pageId).sort()).toEqual(before);
      expect((await search(admin, 'Zaunkoenigerfasung')).hits.length).toBe(before.length);
    });

    it('reports the backend in health', async () => {
      expect((await t.anonymous.get('/api/v1/health')).json().search).toBe(c.search);
    });
  });
}
