import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { importMarkdown, seedSpace, startWithSpaceOwner } from '../support/seed.ts';
import { fixture, importXml } from '../support/processes.ts';
import { attachPage } from '../../server/src/processes/process-service.ts';
import { publicProcessPath } from '../../server/src/publishing/public-urls.ts';

const short = (id: string) => id.replace(/-/g, '').slice(0, 8);

/**
 * Open government: owners publish pages, subtrees and processes; citizens read them under
 * /public without an account. Only what is published and public appears, nothing names a person,
 * and unpublishing takes effect with the next request.
 */
describe.each(backends)('public portal on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let spaceId: string;
  let internalSpaceId: string;
  const OWNER_NAME = 'Erika Verwaltungsfrau';
  const SECRET = 'Geheime Dienstanweisung Kassenprüfung';
  const SECRET_CHILD = 'Unveröffentlichte Notiz Zwischenstand';
  let secretId: string;
  let publicId: string;
  let childId: string;
  let hiddenChildId: string;
  let processId: string;
  let processName: string;
  let publicPath: string;
  let childPath: string;
  let processPath: string;

  beforeAll(async () => {
    ({ t, owner, spaceId } = await startWithSpaceOwner(backend, 'Bürgerbüro', OWNER_NAME));
    const db = t.database.db;
    await db.updateTable('spaces').set({ classification: 'oeffentlich' }).where('id', '=', spaceId).execute();
    internalSpaceId = await seedSpace(db, { name: 'Kasse intern', owners: [owner] });
    await db.updateTable('spaces').set({ classification: 'intern' }).where('id', '=', internalSpaceId).execute();
    secretId = await importMarkdown(owner, internalSpaceId, SECRET, `# ${SECRET}\n\nNur für den Dienstgebrauch.`);
    publicId = await importMarkdown(
      owner,
      spaceId,
      'Wohnsitz anmelden',
      `Bringen Sie Ihren Personalausweis und die Wohnungsgeberbestätigung mit.\n\nSiehe auch [${SECRET}](/pages/${secretId}) und [den Bundesportal-Eintrag](https://verwaltung.bund.de/).`,
    );
    childId = (await owner.post('/api/v1/pages/import', { spaceId, parentId: publicId, title: 'Unterlagen für Familien', markdown: 'Geburtsurkunden der Kinder.' })).json().id;
    hiddenChildId = (await owner.post('/api/v1/pages/import', { spaceId, parentId: publicId, title: SECRET_CHILD, markdown: 'Intern.' })).json().id;
    await db.updateTable('pages').set({ classification: 'intern' }).where('id', '=', hiddenChildId).execute();
    await db.updateTable('publishing_settings').set({ municipality_name: 'Stadt Musterhausen', imprint_url: 'https://musterhausen.example/impressum' }).execute();

    const imported = await importXml(owner, spaceId, fixture('miwg-reference/C.1.0.bpmn'), 'rechnung.bpmn');
    expect(imported.statusCode, imported.body.slice(0, 200)).toBe(201);
    processId = imported.json().id;
    processName = imported.json().name;
    publicPath = `/public/seiten/wohnsitz-anmelden-${short(publicId)}`;
    childPath = `/public/seiten/unterlagen-fuer-familien-${short(childId)}`;
    processPath = publicProcessPath(processId, processName);
    const actor = { actorId: owner.user.id, ip: null };
    await attachPage(db, processId, 'reviewInvoice', publicId, actor);
    await attachPage(db, processId, 'approveInvoice', secretId, actor);
  }, 120_000);
  afterAll(() => t?.close());

  it('refuses to publish what is not classified public (409 with the reason) and shows nothing unpublished', async () => {
    const refused = await owner.post(`/api/v1/pages/${secretId}/publish`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toBe('urn:stafette:problem:classification-not-public');
    expect(refused.json().detail).toContain('Intern');
    expect((await t.anonymous.get(`/public/pages/${secretId}`)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/public/pages/${publicId}`)).statusCode).toBe(404);
    const status = (await owner.get(`/api/v1/pages/${publicId}/publish`)).json();
    expect(status).toMatchObject({ published: false, publicUrl: null, publishable: true, classification: 'oeffentlich' });
  });

  it('publishes a page with its subtree: anonymous readers get accessible HTML without user names or unpublished titles', async () => {
    const published = await owner.post(`/api/v1/pages/${publicId}/publish`, { subtree: true });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ published: true, subtree: true, leftOut: 1 });
    expect(published.json().publicUrl).toBe(`http://localhost:80${publicPath}`);

    const res = await t.anonymous.get(publicPath);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['content-security-policy']).not.toContain('script-src');
    expect(res.headers['cache-control']).toBe('public, no-cache');
    expect(res.body).toContain('<html lang="de">');
    expect(res.body).toContain('Wohnsitz anmelden');
    expect(res.body).toContain('Wohnungsgeberbestätigung');
    expect(res.body).toContain('Stadt Musterhausen');
    expect(res.body).toContain('href="https://musterhausen.example/impressum"');
    expect(res.body).toContain(`<link rel="canonical" href="http://localhost:80${publicPath}">`);
    expect(res.body).toContain('Zuletzt geändert am');
    // The link to the internal page is plain text without its title; the outside link stays.
    expect(res.body).toContain('(interne Seite)');
    expect(res.body).not.toContain(secretId);
    expect(res.body).toContain('href="https://verwaltung.bund.de/"');
    // The public sub-page is listed, the internal one is not.
    expect(res.body).toContain(`href="${childPath}"`);
    expect(res.body).not.toContain(hiddenChildId);
    expect((await t.anonymous.get(`/public/pages/${hiddenChildId}`)).statusCode).toBe(404);

    const child = await t.anonymous.get(childPath);
    expect(child.statusCode).toBe(200);
    expect(child.body).toMatch(/aria-label="Brotkrumennavigation"[\s\S]*href="\/public\/seiten\/[^"]+">Wohnsitz anmelden<[\s\S]*aria-current="page">Unterlagen für Familien</);

    // Revalidation: the same answer again costs a 304.
    const again = await t.anonymous.get(publicPath, { headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);

    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id']).where('target_id', '=', publicId).where('action', '=', 'page.publish').execute();
    expect(audit).toEqual([{ action: 'page.publish', actor_id: owner.user.id }]);
  });

  it('offers the page as Markdown and HTML downloads, with the internal link left as text', async () => {
    const md = await t.anonymous.get(`${publicPath}/page.md`);
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-disposition']).toMatch(/^attachment;/);
    expect(md.body).toContain('# Wohnsitz anmelden');
    expect(md.body).toContain('Wohnungsgeberbestätigung');
    expect(md.body).not.toContain(SECRET);
    const html = await t.anonymous.get(`${publicPath}/page.html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-security-policy']).toContain('sandbox');
    expect(html.body).not.toContain(SECRET);
  });

  it('publishes a process with its diagram and steps linking to their public pages', async () => {
    const published = await owner.post(`/api/v1/processes/${processId}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    // The internal page on "Approve Invoice" is not shown.
    expect(published.json()).toMatchObject({ published: true, leftOut: 1 });

    const res = await t.anonymous.get(processPath);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Rechnung klären');
    expect(res.body).toContain(`href="${publicPath}"`);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).toContain(`<img src="${processPath}/diagram.svg"`);
    const svg = await t.anonymous.get(`${processPath}/diagram.svg`);
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('data-element-id="reviewInvoice"');
    const bpmn = await t.anonymous.get(`${processPath}/process.bpmn`);
    expect(bpmn.statusCode).toBe(200);
    expect(bpmn.body).toContain(`http://localhost:80${publicPath}`);
    expect(bpmn.body).not.toContain(SECRET);
    // The page now says which public process it belongs to.
    expect((await t.anonymous.get(publicPath)).body).toContain(`href="${processPath}#schritt-reviewInvoice"`);
  }, 120_000);

  it('answers the first address forms and outdated slugs with a 301 to the readable address, which the sitemap lists', async () => {
    expect(processPath).toMatch(new RegExp(`^/public/ablaeufe/[a-z0-9-]+-${short(processId)}$`));
    const moves: [string, string][] = [
      [`/public/pages/${publicId}`, publicPath],
      [`/public/pages/${publicId}/page.md`, `${publicPath}/page.md`],
      [`/public/processes/${processId}`, processPath],
      [`/public/processes/${processId}/process.bpmn`, `${processPath}/process.bpmn`],
      [`/public/seiten/alter-titel-${short(publicId)}`, publicPath],
      [`/public/seiten/${short(publicId)}`, publicPath],
      [`/public/ablaeufe/irgendwas-${short(processId)}/diagram.svg`, `${processPath}/diagram.svg`],
    ];
    for (const [from, to] of moves) {
      const res = await t.anonymous.get(from);
      expect(res.statusCode, from).toBe(301);
      expect(res.headers.location, from).toBe(to);
    }
    expect((await t.anonymous.get(`/public/seiten/wohnsitz-anmelden-${short(secretId)}`)).statusCode).toBe(404);
    expect((await t.anonymous.get('/public/seiten/wohnsitz-anmelden')).statusCode).toBe(404);
    const sitemap = (await t.anonymous.get('/public/sitemap.xml')).body;
    expect(sitemap).toContain(`<loc>http://localhost:80${publicPath}</loc>`);
    expect(sitemap).toContain(`<loc>http://localhost:80${processPath}</loc>`);
    expect(sitemap).not.toContain('/public/pages/');

    // A new title gives a new address; the old one leads there.
    await owner.patch(`/api/v1/pages/${childId}`, { title: 'Unterlagen für Familien mit Kindern' });
    const renamed = `/public/seiten/unterlagen-fuer-familien-mit-kindern-${short(childId)}`;
    expect((await t.anonymous.get(renamed)).statusCode).toBe(200);
    const old = await t.anonymous.get(childPath);
    expect([old.statusCode, old.headers.location]).toEqual([301, renamed]);
    await owner.patch(`/api/v1/pages/${childId}`, { title: 'Unterlagen für Familien' });
  }, 120_000);

  it('describes what is published as a DCAT-AP.de catalogue: required properties, ISO 8601 dates, absolute URLs', async () => {
    const res = await t.anonymous.get('/public/catalog.jsonld');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const catalog = res.json();
    expect(catalog['@context']).toMatchObject({ dcat: 'http://www.w3.org/ns/dcat#', dct: 'http://purl.org/dc/terms/' });
    expect(catalog['@type']).toBe('dcat:Catalog');
    for (const key of ['dct:title', 'dct:description', 'dct:publisher', 'dcat:dataset']) expect(catalog, key).toHaveProperty([key]);
    expect(catalog['dct:publisher']['foaf:name']).toBe('Stadt Musterhausen');
    const datasets = catalog['dcat:dataset'] as Record<string, any>[];
    // The process, the page and its public sub-page; nothing internal.
    expect(datasets.map((d) => d['dct:title']).sort()).toEqual([processName, 'Unterlagen für Familien', 'Wohnsitz anmelden'].sort());
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
    const absolute = (url: unknown) => typeof url === 'string' && /^https?:\/\/[^/]+\//.test(url);
    for (const dataset of datasets) {
      expect(dataset['@type']).toBe('dcat:Dataset');
      for (const key of ['dct:title', 'dct:description', 'dct:publisher', 'dcat:distribution']) expect(dataset, key).toHaveProperty([key]);
      expect(dataset['dct:description']).not.toBe('');
      expect(dataset['dct:modified']['@value']).toMatch(iso);
      expect(absolute(dataset['@id']) && absolute(dataset['dcat:landingPage']['@id'])).toBe(true);
      for (const distribution of dataset['dcat:distribution']) {
        expect(distribution['@type']).toBe('dcat:Distribution');
        expect(absolute(distribution['dcat:accessURL']['@id'])).toBe(true);
        expect(distribution['dct:license']['@id']).toBe('http://dcat-ap.de/def/licenses/dl-by-de/2.0');
        expect(distribution['dcatde:licenseAttributionByText']).toBe('Stadt Musterhausen');
        expect(distribution['dct:modified']['@value']).toMatch(iso);
        // Every download answers.
        const download = await t.anonymous.get(new URL(distribution['dcat:downloadURL']['@id']).pathname);
        expect(download.statusCode, distribution['dcat:downloadURL']['@id']).toBe(200);
      }
    }
    const formats = datasets.flatMap((d) => d['dcat:distribution'].map((x: any) => x['dct:format']['@id'].split('/').pop())).sort();
    expect(formats).toEqual(['HTML', 'HTML', 'MARKDOWN', 'MARKDOWN', 'XML']);
  });

  it('searches published content only', async () => {
    const found = await t.anonymous.get('/public/search?q=Personalausweis');
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain(`href="${publicPath}"`);
    const secret = await t.anonymous.get(`/public/search?q=${encodeURIComponent('Dienstgebrauch')}`);
    expect(secret.body).toContain('Keine Treffer.');
    expect(secret.body).not.toContain(secretId);
    const internalChild = await t.anonymous.get(`/public/search?q=${encodeURIComponent('Zwischenstand')}`);
    expect(internalChild.body).toContain('Keine Treffer.');
  });

  it('names no person and no unpublished title anywhere a crawler can reach from the start page', async () => {
    const seen = new Set<string>();
    const queue = ['/public', '/public/sitemap.xml', '/public/catalog.jsonld', '/public/search?q=Rechnung'];
    const leaks: string[] = [];
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await t.anonymous.get(url);
      expect(res.statusCode, url).toBe(200);
      for (const secret of [OWNER_NAME, owner.user.email, SECRET, SECRET_CHILD, secretId, hiddenChildId]) if (res.body.includes(secret)) leaks.push(`${url}: ${secret}`);
      for (const match of res.body.matchAll(/(?:href|src)="((?:http:\/\/localhost:80)?\/public[^"#]*)"/g)) queue.push(match[1]!.replace('http://localhost:80', '').replaceAll('&amp;', '&'));
      for (const match of res.body.matchAll(/<loc>http:\/\/localhost:80(\/public[^<]*)<\/loc>/g)) queue.push(match[1]!);
    }
    expect(leaks).toEqual([]);
    expect(seen.size).toBeGreaterThan(8);
  }, 120_000);

  it('answers 404 at once after unpublishing, and again shows nothing once a page is raised above public', async () => {
    expect((await owner.delete(`/api/v1/processes/${processId}/publish`)).json().published).toBe(false);
    expect((await t.anonymous.get(processPath)).statusCode).toBe(404);
    expect((await t.anonymous.get(`${processPath}/diagram.svg`)).statusCode).toBe(404);
    expect((await t.anonymous.get(`/public/processes/${processId}`)).statusCode).toBe(404);

    await t.database.db.updateTable('pages').set({ classification: 'intern' }).where('id', '=', childId).execute();
    expect((await t.anonymous.get(childPath)).statusCode).toBe(404);

    const off = await owner.delete(`/api/v1/pages/${publicId}/publish`);
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ published: false, publicUrl: null });
    const gone = await t.anonymous.get(publicPath);
    expect(gone.statusCode).toBe(404);
    expect(gone.headers['content-type']).toContain('text/html');
    expect((await t.anonymous.get('/public/sitemap.xml')).body).not.toContain(short(publicId));
    const actions = await t.database.db.selectFrom('audit_log').select('action').where('action', 'in', ['page.unpublish', 'process.unpublish']).execute();
    expect(actions.map((a) => a.action).sort()).toEqual(['page.unpublish', 'process.unpublish']);
  });
});
