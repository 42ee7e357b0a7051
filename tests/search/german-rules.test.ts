import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp, TestUser } from '../support/test-app.ts';
import { seedSpace } from '../support/seed.ts';
import { meiliCombinations, meiliUrl, postgresCombinations, reportMeiliSkip, startSearchApp, type Combination } from './backends.ts';
import { indexed, insertPages, search } from './support.ts';
import type { PostgresSearchBackend } from '../../server/src/search/postgres/backend.ts';
import { up as requeueForSpellings } from '../../migrations/0025_search_spellings.ts';

/**
 * Issue 28 rules with pages of their own: umlaut spellings that only one side writes,
 * compounds written apart, hyphenated or as a shorter compound, and a title that is the
 * query's meaning ranking above a long page that mentions every word once.
 */
const PAGES = [
  // Only the umlaut spelling anywhere: "Fuehrungszeugnis" must still find it.
  { title: 'Führungszeugnis für Ehrenamtliche', body: 'Wer in der Jugendarbeit ehrenamtlich tätig ist, legt ein erweitertes Führungszeugnis vor. Die Gebühr entfällt.' },
  // Only the ASCII spelling anywhere (an old import): "Grünflächenpflege" must still find it.
  { title: 'Gruenflaechenpflege im Stadtpark', body: 'Der Bauhof maeht die Wiesen im Stadtpark alle zwei Wochen und schneidet die Hecken im Herbst.' },
  // The same word in the other spelling on another page: the query word is known, so no typo
  // correction steps in, and both pages must still be found.
  { title: 'Grünflächenpflege an Schulen', body: 'Die Schulhöfe pflegt der Hausmeister, größere Grünflächen der Bauhof.' },
  { title: 'Satzung über Straßenreinigungsgebühren', body: 'Die Satzung regelt Maßstab und Höhe der Gebühr für die Reinigung.' },
  { title: 'Sondernutzung öffentlicher Straßen', body: 'Wer einen Verkaufsstand oder ein Gerüst auf die Straße stellt, braucht eine Sondernutzungserlaubnis.' },
  { title: 'Strassenreinigungsgebuehren', body: 'Die Anlieger zahlen fuer die Reinigung der Fahrbahn eine jährliche Gebühr.' },
  // Compounds written apart, hyphenated and joined.
  { title: 'Antrag auf einen Personalausweis', body: 'Den Antrag stellen Sie persönlich im Bürgerbüro. Bringen Sie ein biometrisches Lichtbild mit.' },
  { title: 'Kfz-Zulassung', body: 'Ein Fahrzeug wird bei der Zulassungsstelle zugelassen. Kfz mit Saisonkennzeichen sind möglich.' },
  { title: 'Hundesteuer', body: 'Für jeden Hund im Stadtgebiet ist Steuer zu zahlen; Blindenhunde sind befreit.' },
  { title: 'Parkausweis für Bewohner', body: 'Bewohner der Altstadt erhalten einen Parkausweis für ihre Zone.' },
  { title: 'Bewohnerparkausweis verlängern', body: 'Die Verlängerung des Ausweises beantragen Sie vier Wochen vor Ablauf.' },
  { title: 'Wohnsitzbescheinigung', body: 'Die Meldebehörde stellt eine Bescheinigung über den Wohnsitz aus.' },
  // Fillers: make the parts words of this corpus (at least two pages each), and a long page
  // that mentions everything once.
  { title: 'Personalausweis verloren', body: 'Ein verlorener Personalausweis ist sofort zu melden. Der Personalausweis wird gesperrt.' },
  { title: 'Vorläufiger Personalausweis', body: 'Ein Antrag auf einen vorläufigen Personalausweis ist bei Eile möglich. Kfz-Halter brauchen ihn nicht.' },
  { title: 'Zulassung von Anhängern', body: 'Auch die Zulassung eines Anhängers erfolgt bei der Zulassungsstelle; Kfz und Anhänger getrennt.' },
  { title: 'Bewohner der Altstadt', body: 'Hinweise für Bewohner: Müllabfuhr, Anwohnerparken und Ausweis für Besucher.' },
  { title: 'Ausweis für Schwerbehinderte', body: 'Der Ausweis wird vom Versorgungsamt ausgestellt. Parken auf Behindertenparkplätzen.' },
  {
    title: 'Tätigkeitsbericht der Verwaltung 2025',
    body: [
      'Das Bürgerbüro bearbeitete viele Vorgänge rund um Meldewesen und Urkunden.',
      'Beim Personalausweis stiegen die Wartezeiten im Sommer.',
      'Die Zahl der Anträge auf Sondernutzung blieb stabil.',
      'Für Hunde wurden neue Marken ausgegeben; die Steuer blieb gleich.',
      'Die Kfz-Stelle zog in das Erdgeschoss.',
      ...Array.from({ length: 40 }, (_, i) => `Abschnitt ${i + 1}: Haushalt, Personal, Gebäude, Digitalisierung und Bürgerbeteiligung im Jahr 2025.`),
    ].join('\n'),
  },
];

reportMeiliSkip('search German rules');
describe.each(postgresCombinations)('German spelling, compound and title rules on $label', (c) => rules(c));
describe.skipIf(!meiliUrl).each(meiliCombinations)('German spelling, compound and title rules on $label', (c) => rules(c));

function rules(c: Combination) {
  let t: TestApp;
  let reader: Client & { user: TestUser };
  /** Query planning is the PostgreSQL backend's own; Meilisearch plans inside its server. */
  const plan = (q: string) => (t.app.searchService.backend as PostgresSearchBackend).plan(q);
  const titleOf = new Map<string, string>();
  const top = async (q: string, n = 3) => (await search(reader, q, { limit: 10 })).hits.slice(0, n).map((h) => titleOf.get(h.pageId));
  const all = async (q: string) => (await search(reader, q, { limit: 20 })).hits.map((h) => titleOf.get(h.pageId));

  beforeAll(async () => {
    t = await startSearchApp(c);
    reader = await t.userClient({ role: 'knowledge_manager' });
    const space = await seedSpace(t.database.db, { name: 'Bürgerservice', readers: [reader] });
    const ids = await insertPages(t.database.db, space, PAGES);
    ids.forEach((id, i) => titleOf.set(id, PAGES[i]!.title));
    await indexed(t);
  }, 120_000);
  afterAll(() => t?.close());

  describe('umlaut spellings at index and query time', () => {
    it('finds the umlaut spelling with ae/oe/ue typed, though no page writes the word that way', async () => {
      expect(await top('Fuehrungszeugnis', 1)).toEqual(['Führungszeugnis für Ehrenamtliche']);
      expect(await top('Sondernutzung oeffentlicher Strassen', 1)).toEqual(['Sondernutzung öffentlicher Straßen']);
    });

    it('finds a page written with ae/oe/ue when the umlaut spelling is typed', async () => {
      expect(await top('Grünflächenpflege Stadtpark', 1)).toEqual(['Gruenflaechenpflege im Stadtpark']);
      expect(await top('Grünflächenpflege', 2)).toEqual(expect.arrayContaining(['Gruenflaechenpflege im Stadtpark', 'Grünflächenpflege an Schulen']));
      expect(await top('Straßenreinigungsgebühren', 2)).toEqual(expect.arrayContaining(['Strassenreinigungsgebuehren', 'Satzung über Straßenreinigungsgebühren']));
      expect(await top('mäht Stadtpark', 1)).toEqual(['Gruenflaechenpflege im Stadtpark']);
    });

    it('leaves words where ue is no umlaut alone (Steuer is not Steür)', async () => {
      expect(await top('Steuer Hund', 1)).toEqual(['Hundesteuer']);
    });
  });

  describe('compounds both ways', () => {
    it('a compound in the query finds the words written apart (three parts too)', async () => {
      expect(await top('Personalausweisantrag')).toContain('Antrag auf einen Personalausweis');
      expect(await top('Kfzzulassung', 1)).toEqual(['Kfz-Zulassung']);
      expect(await top('Wohnsitzbescheinigung', 1)).toEqual(['Wohnsitzbescheinigung']);
    });

    it.skipIf(c.search !== 'postgres')('the planner joins words apart into the compound the corpus knows, and splits a compound', async () => {
      const hunde = await plan('Steuer für Hunde');
      expect(hunde.groups).toHaveLength(2);
      for (const g of hunde.groups) expect(g.exact).toContain("'hundesteu'");
      const antrag = await plan('Personalausweisantrag');
      expect(antrag.groups[0]!.same).toMatch(/'personalausweis' & 'antrag'/);
    });

    it('words apart in the query find the compound a page writes', async () => {
      expect(await top('Steuer für Hunde', 1)).toEqual(['Hundesteuer']);
      expect(await top('Bescheinigung Wohnsitz', 1)).toEqual(['Wohnsitzbescheinigung']);
      expect(await top('Kfz Zulassung', 1)).toEqual(['Kfz-Zulassung']);
    });

    it('three-part compounds: the joined form and the form written apart find each other', async () => {
      const joined = await top('Bewohnerparkausweis');
      expect(joined).toContain('Bewohnerparkausweis verlängern');
      expect(joined).toContain('Parkausweis für Bewohner');
      const apart = await top('Ausweis zum Parken für Bewohner');
      expect(apart).toContain('Parkausweis für Bewohner');
      expect(await all('Bewohner Parkausweis verlängern')).toContain('Bewohnerparkausweis verlängern');
    });
  });

  it('migration 0025 queues every live page once, so copies indexed before gain the spellings', async () => {
    await indexed(t);
    // Read inside the migration's transaction: the app's own indexer cannot take the rows first.
    const queued = await t.database.db.transaction().execute(async (trx) => {
      await requeueForSpellings(trx);
      return trx.selectFrom('search_outbox').select('page_id').execute();
    });
    expect(queued.map((r) => r.page_id).sort()).toEqual([...titleOf.keys()].sort());
    await indexed(t);
    expect(await top('Grünflächenpflege Stadtpark', 1)).toEqual(['Gruenflaechenpflege im Stadtpark']);
  });

  // Boosts of the PostgreSQL backend's ranking (Meilisearch ranks by its own rules).
  describe.skipIf(c.search !== 'postgres')('gentle boosts', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      const space = (await t.database.db.selectFrom('spaces').select('id').where('name', '=', 'Bürgerservice').executeTakeFirstOrThrow()).id;
      const twin = { title: 'Sperrmüll abholen lassen', body: 'Sperrmüll holt der Abfallwirtschaftsbetrieb auf Abruf ab, zweimal im Jahr kostenlos.' };
      const yard = { title: 'Wertstoffhof Öffnungszeiten', body: 'Der Wertstoffhof nimmt Grünschnitt, Metall und Elektrogeräte an.' };
      [ids.old!, ids.fresh!, ids.unconfirmed!, ids.confirmed!] = await insertPages(t.database.db, space, [twin, twin, yard, yard]);
      const threeYearsAgo = new Date(Date.now() - 3 * 365 * 86_400_000);
      await t.database.db.updateTable('pages').set({ content_updated_at: threeYearsAgo, updated_at: threeYearsAgo }).where('id', 'in', [ids.old!, ids.unconfirmed!, ids.confirmed!]).execute();
      await t.database.db.insertInto('page_reviews').values({ page_id: ids.confirmed!, interval_days: 365, last_confirmed_at: new Date() }).execute();
      await indexed(t);
    });

    it('of two equal pages, the one changed recently ranks first', async () => {
      const hits = (await search(reader, 'Sperrmüll abholen', { limit: 5 })).hits.map((h) => h.pageId);
      expect(hits.slice(0, 2)).toEqual([ids.fresh, ids.old]);
    });

    it('of two equal pages, the one confirmed within its review interval ranks first', async () => {
      const hits = (await search(reader, 'Wertstoffhof', { limit: 5 })).hits.map((h) => h.pageId);
      expect(hits.slice(0, 2)).toEqual([ids.confirmed, ids.unconfirmed]);
    });
  });

  describe('ranking', () => {
    it('a page whose title is the query ranks above a long page mentioning every word once', async () => {
      expect(await top('Antrag Personalausweis', 1)).toEqual(['Antrag auf einen Personalausweis']);
      expect(await top('Sondernutzung Straße', 1)).toEqual(['Sondernutzung öffentlicher Straßen']);
      const hunde = await all('Steuer für Hunde');
      expect(hunde.indexOf('Hundesteuer')).toBeLessThan(hunde.indexOf('Tätigkeitsbericht der Verwaltung 2025') >>> 0);
    });
  });
}
