/**
 * Migration from other wikis (`POST /spaces/:id/import`): a Markdown folder export and a
 * Confluence HTML export, built here as small realistic archives, become a page tree with links
 * between the pages and images as attachments; running the same import again changes nothing;
 * hostile archives are refused and leave nothing behind.
 */
import type { MigrationResult, TreeNode } from '@stafette/api';
import type { PMNodeJSON } from '@stafette/schema';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { TINY_PNG } from '../support/office-files.ts';
import { ownerWithSpace } from '../support/seed.ts';
import { createTestApp, type Client, type TestApp } from '../support/test-app.ts';

const enc = (s: string) => new TextEncoder().encode(s);

function upload(client: Client, spaceId: string, format: string, files: Zippable) {
  return client.post(`/api/v1/spaces/${spaceId}/import?format=${format}`, Buffer.from(zipSync(files)), { headers: { 'content-type': 'application/zip' } });
}

async function imported(client: Client, spaceId: string, format: string, files: Zippable): Promise<MigrationResult> {
  const res = await upload(client, spaceId, format, files);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as MigrationResult;
}

async function tree(client: Client, spaceId: string): Promise<TreeNode[]> {
  return (await client.get(`/api/v1/spaces/${spaceId}/tree`)).json() as TreeNode[];
}

const shape = (nodes: TreeNode[]): unknown[] => nodes.map((n) => (n.children.length > 0 ? { [n.title]: shape(n.children) } : n.title));

function find(nodes: TreeNode[], title: string): TreeNode {
  for (const n of nodes) {
    if (n.title === title) return n;
    const hit = n.children.length > 0 ? findOrNull(n.children, title) : null;
    if (hit) return hit;
  }
  throw new Error(`no page ${title}`);
}
function findOrNull(nodes: TreeNode[], title: string): TreeNode | null {
  try {
    return find(nodes, title);
  } catch {
    return null;
  }
}

async function docOf(client: Client, pageId: string): Promise<PMNodeJSON> {
  return ((await client.get(`/api/v1/pages/${pageId}`)).json() as { doc: PMNodeJSON }).doc;
}

function all(doc: PMNodeJSON, test: (n: PMNodeJSON) => boolean): PMNodeJSON[] {
  const out: PMNodeJSON[] = [];
  const walk = (n: PMNodeJSON) => {
    if (test(n)) out.push(n);
    n.content?.forEach(walk);
  };
  walk(doc);
  return out;
}
/** Where the page links to in document order: page links (Markdown makes page_link nodes) and link marks. */
const hrefs = (doc: PMNodeJSON) =>
  all(doc, (n) => n.type === 'page_link' || !!n.marks?.some((m) => m.type === 'link')).map((n) =>
    n.type === 'page_link' ? `/pages/${n.attrs!.pageId as string}` : (n.marks!.find((m) => m.type === 'link')!.attrs!.href as string),
  );
const text = (n: PMNodeJSON): string => (n.text ?? '') + (n.content ?? []).map(text).join('');

const MARKDOWN_EXPORT: Zippable = {
  'wiki/Start.md': enc('---\ntitle: Startseite\ntags: [intern]\n---\nWillkommen im Bauamt. Siehe [Gebühren](Bauamt/Gebuehren.md#tabelle) und [Web](https://example.org).\n\n![Lageplan](bilder/lageplan.png)\n'),
  'wiki/Bauamt.md': enc('# Bauamt\n\nAlles zum Bauamt.\n'),
  'wiki/Bauamt/Gebuehren.md': enc('# Gebühren 2026\n\nZurück zur [Startseite](../Start.md) oder [[Formular|zum Formular]].\n\n| Art | Betrag |\n| --- | --- |\n| Bauantrag | 50 € |\n'),
  'wiki/Bauamt/Anträge/Formular.md': enc('Ohne Überschrift: der Titel kommt aus dem Dateinamen.\n'),
  'wiki/bilder/lageplan.png': TINY_PNG,
  'wiki/bilder/unbenutzt.png': TINY_PNG,
  'wiki/.obsidian/app.json': enc('{}'),
};

describe.each(backends)('migration import on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(() => t?.close());

  it('imports a Markdown folder: folders become the tree, titles by the rules, links and images rewritten; a second run changes nothing', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bauamt Markdown');
    const first = await imported(owner, spaceId, 'markdown', MARKDOWN_EXPORT);
    expect(first).toMatchObject({ created: 5, updated: 0, unchanged: 0, files: 1 });
    expect(first.skipped).toEqual([{ path: 'bilder/unbenutzt.png', reason: expect.stringContaining('no page links') }]);

    const pages = await tree(owner, spaceId);
    expect(shape(pages)).toEqual([{ Bauamt: [{ Anträge: ['Formular'] }, 'Gebühren 2026'] }, 'Startseite']);

    const start = find(pages, 'Startseite');
    const gebuehren = find(pages, 'Gebühren 2026');
    const formular = find(pages, 'Formular');
    const startDoc = await docOf(owner, start.id);
    expect(hrefs(startDoc)).toEqual([`/pages/${gebuehren.id}`, 'https://example.org']);
    const [image] = all(startDoc, (n) => n.type === 'image');
    expect(image!.attrs!.src).toMatch(/^\/api\/v1\/attachments\/[0-9a-f-]{36}$/);
    const download = await owner.get(image!.attrs!.src as string);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');

    const gebuehrenDoc = await docOf(owner, gebuehren.id);
    // The first heading became the title and is not repeated in the body.
    expect(gebuehrenDoc.content![0]!.type).not.toBe('heading');
    expect(hrefs(gebuehrenDoc)).toEqual([`/pages/${start.id}`, `/pages/${formular.id}`]);
    expect(all(gebuehrenDoc, (n) => n.type === 'table')).toHaveLength(1);
    expect(text(await docOf(owner, find(pages, 'Bauamt').id))).toContain('Alles zum Bauamt.');

    const again = await imported(owner, spaceId, 'markdown', MARKDOWN_EXPORT);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 5, files: 0 });
    expect(shape(await tree(owner, spaceId))).toEqual(shape(pages));
    expect((await owner.get(`/api/v1/pages/${start.id}/attachments`)).json()).toHaveLength(1);

    // A changed file updates its page, nothing else.
    const changed = await imported(owner, spaceId, 'markdown', { ...MARKDOWN_EXPORT, 'wiki/Bauamt.md': enc('# Bauamt\n\nNeue Öffnungszeiten.\n') });
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    expect(text(await docOf(owner, find(pages, 'Bauamt').id))).toContain('Neue Öffnungszeiten.');
  });

  it('imports a Confluence HTML export: page tree from the breadcrumbs, macros as quotes, attachments, internal links, provenance', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bauamt Confluence');
    const page = (title: string, crumbs: string[], body: string) =>
      enc(`<!DOCTYPE html><html><head><title>BAU : ${title}</title></head><body>
        <div id="main-header"><div id="breadcrumb-section"><ol id="breadcrumbs">${crumbs.map((c) => `<li><a href="${c}">x</a></li>`).join('')}</ol></div>
        <h1 id="title-heading" class="pagetitle"><span id="title-text"> BAU : ${title} </span></h1></div>
        <div id="content" class="view"><div class="page-metadata">Created by <span class="author"> Hans Huber</span>, last modified on 03. März 2021</div>
        <div id="main-content" class="wiki-content group">${body}</div></div></body></html>`);
    const files: Zippable = {
      'BAU/index.html': enc('<html><body><h2>Available Pages:</h2><ul><li><a href="Bauamt-Startseite_65537.html">Bauamt-Startseite</a></li></ul></body></html>'),
      'BAU/Bauamt-Startseite_65537.html': page('Bauamt-Startseite', ['index.html'], '<p>Willkommen. Die <a href="Gebuehren_65538.html">Gebühren</a> stehen unten.</p>'),
      'BAU/Gebuehren_65538.html': page(
        'Gebühren',
        ['index.html', 'Bauamt-Startseite_65537.html'],
        '<h2>Übersicht</h2><div class="confluence-information-macro confluence-information-macro-warning"><div class="confluence-information-macro-body"><p>Gilt ab 1. Januar.</p></div></div>' +
          '<table><tbody><tr><th>Art</th><th>Betrag</th></tr><tr><td>Bauantrag</td><td>50 €</td></tr></tbody></table>' +
          '<p><img class="confluence-embedded-image" src="attachments/65538/65539.png"></p><p>Zurück zur <a href="Bauamt-Startseite_65537.html">Startseite</a>.</p>',
      ),
      'BAU/attachments/65538/65539.png': TINY_PNG,
      'BAU/styles/site.css': enc('body{}'),
    };
    const first = await imported(owner, spaceId, 'confluence', files);
    expect(first).toMatchObject({ created: 2, updated: 0, files: 1, skipped: [] });
    const pages = await tree(owner, spaceId);
    expect(shape(pages)).toEqual([{ 'Bauamt-Startseite': ['Gebühren'] }]);
    const home = find(pages, 'Bauamt-Startseite');
    const fees = find(pages, 'Gebühren');
    expect(hrefs(await docOf(owner, home.id))).toEqual([`/pages/${fees.id}`]);
    const doc = await docOf(owner, fees.id);
    expect(text(all(doc, (n) => n.type === 'blockquote')[0]!)).toBe('Gilt ab 1. Januar.');
    expect(all(doc, (n) => n.type === 'table')).toHaveLength(1);
    expect(all(doc, (n) => n.type === 'image')[0]!.attrs!.src).toMatch(/^\/api\/v1\/attachments\//);
    expect(hrefs(doc)).toEqual([`/pages/${home.id}`]);
    expect(text(doc)).toContain('Created by Hans Huber, last modified on 03. März 2021');
    // The rewritten links are page links: the start page knows who links to it.
    const backlinks = (await owner.get(`/api/v1/pages/${home.id}/backlinks`)).json() as { id: string }[];
    expect(backlinks.map((b) => b.id)).toEqual([fees.id]);

    expect(await imported(owner, spaceId, 'confluence', files)).toMatchObject({ created: 0, updated: 0, unchanged: 2, files: 0 });

    // HTML nested 20,000 levels deep keeps its text instead of overflowing the converters.
    const deep = await imported(owner, spaceId, 'confluence', {
      ...files,
      'BAU/Tief_65540.html': page('Tief', ['index.html'], `${'<div>'.repeat(20_000)}Ganz unten${'</div>'.repeat(20_000)}`),
    });
    expect(deep).toMatchObject({ created: 1, unchanged: 2 });
    expect(text(await docOf(owner, find(await tree(owner, spaceId), 'Tief').id))).toContain('Ganz unten');
  });

  it('imports a BookStack portable ZIP: book, chapters and pages in order, references to pages, images and attachments', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bauamt BookStack');
    const data = {
      instance: { version: 'v25.02', id_ciphertext: 'x' },
      exported_at: '2026-11-30T10:00:00Z',
      book: {
        id: 1,
        name: 'Handbuch Bauamt',
        description_html: '<p>Alles Wissen des Bauamts.</p>',
        chapters: [
          {
            id: 5,
            name: 'Anträge',
            priority: 2,
            pages: [
              { id: 41, name: 'Vollständigkeit', priority: 1, html: '<p>Siehe <a href="[[bsexport:page:40]]">Gebühren</a>.</p><p><img src="[[bsexport:image:lageplan.png]]" alt="Lageplan"></p>' },
            ],
          },
        ],
        pages: [
          {
            id: 40,
            name: 'Gebühren',
            priority: 1,
            markdown: '# Gebühren\n\nZur [Vollständigkeit]([[bsexport:page:41]]).',
            attachments: [{ name: 'Gebührenordnung', file: 'gebuehren.pdf' }, { name: 'Landesrecht', link: 'https://example.org/recht' }],
          },
        ],
      },
    };
    const files: Zippable = {
      'data.json': enc(JSON.stringify(data)),
      'files/lageplan.png': TINY_PNG,
      'files/gebuehren.pdf': enc('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    };
    const first = await imported(owner, spaceId, 'bookstack', files);
    expect(first).toMatchObject({ created: 4, files: 2, skipped: [] });
    const pages = await tree(owner, spaceId);
    expect(shape(pages)).toEqual([{ 'Handbuch Bauamt': ['Gebühren', { Anträge: ['Vollständigkeit'] }] }]);
    const fees = find(pages, 'Gebühren');
    const complete = find(pages, 'Vollständigkeit');
    const feesDoc = await docOf(owner, fees.id);
    const feeLinks = hrefs(feesDoc);
    expect(feeLinks[0]).toBe(`/pages/${complete.id}`);
    expect(feeLinks[1]).toMatch(/^\/api\/v1\/attachments\//);
    expect(feeLinks[2]).toBe('https://example.org/recht');
    const completeDoc = await docOf(owner, complete.id);
    expect(hrefs(completeDoc)).toEqual([`/pages/${fees.id}`]);
    expect(all(completeDoc, (n) => n.type === 'image')[0]!.attrs!.src).toMatch(/^\/api\/v1\/attachments\//);
    expect(text(await docOf(owner, find(pages, 'Handbuch Bauamt').id))).toContain('Alles Wissen des Bauamts.');

    expect(await imported(owner, spaceId, 'bookstack', files)).toMatchObject({ created: 0, updated: 0, unchanged: 4, files: 0 });
    const notBookStack = await upload(owner, spaceId, 'bookstack', { 'Seite.md': enc('# Seite') });
    expect(notBookStack.statusCode).toBe(422);
    expect(notBookStack.json().type).toBe('urn:stafette:problem:archive-unreadable');
  });

  it('takes the archive as multipart/form-data too', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bauamt Formular');
    const boundary = '----stafette-import';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="export.zip"\r\nContent-Type: application/zip\r\n\r\n`),
      Buffer.from(zipSync({ 'Notiz.md': enc('# Notiz\n\nText.') })),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await owner.post(`/api/v1/spaces/${spaceId}/import?format=markdown`, body, { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(shape(await tree(owner, spaceId))).toEqual(['Notiz']);
  });

  it('refuses hostile archives and imports nothing from them', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bauamt Abwehr');
    const ok = enc('# Seite');
    const cases: [string, Zippable | Uint8Array, string][] = [
      ['traversal', { '../../etc/Seite.md': ok }, 'archive-unsafe'],
      ['absolute path', { '/etc/Seite.md': ok }, 'archive-unsafe'],
      ['drive letter', { 'C:/Seite.md': ok }, 'archive-unsafe'],
      ['symbolic link', { 'Seite.md': ok, 'link.md': [enc('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }, 'archive-unsafe'],
      ['duplicate names', { 'Seite.md': ok, 'seite.md': ok }, 'archive-unsafe'],
      ['zip bomb', { 'Seite.md': ok, 'bombe.md': new Uint8Array(50 * 1024 * 1024) }, 'archive-unsafe'],
      ['not a zip', enc('Das ist kein ZIP-Archiv, nur Text.'), 'archive-unreadable'],
    ];
    for (const [name, files, slug] of cases) {
      const bytes = files instanceof Uint8Array ? files : zipSync(files);
      const res = await owner.post(`/api/v1/spaces/${spaceId}/import?format=markdown`, Buffer.from(bytes), { headers: { 'content-type': 'application/zip' } });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(422);
      expect(res.json().type, name).toBe(`urn:stafette:problem:${slug}`);
    }
    expect(await tree(owner, spaceId)).toEqual([]);
  });
});
