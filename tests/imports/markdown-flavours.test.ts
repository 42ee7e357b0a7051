/**
 * Markdown exports of the wikis towns run (issue 27): Wiki.js front matter (title, description,
 * tags, dates) gives the title and a line of provenance; Outline's nesting (a `Doc.md` beside a
 * `Doc/` folder of its children) becomes the tree; Docmost's attachments folder (`files/…`) is
 * no page, and images in it are found even from nested pages.
 */
import type { MigrationResult, TreeNode } from '@stafette/api';
import type { PMNodeJSON } from '@stafette/schema';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { TINY_PNG } from '../support/office-files.ts';
import { ownerWithSpace } from '../support/seed.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (n: PMNodeJSON): string => (n.text ?? '') + (n.content ?? []).map(text).join(' ');
const shape = (nodes: TreeNode[]): unknown[] => nodes.map((n) => (n.children.length > 0 ? { [n.title]: shape(n.children) } : n.title));
const images = (n: PMNodeJSON): PMNodeJSON[] => [...(n.type === 'image' ? [n] : []), ...(n.content ?? []).flatMap(images)];

const EXPORT = {
  // Wiki.js
  'Stadtwiki/Bauamt.md': enc(
    '---\ntitle: Bauamt Übersicht\ndescription: Alles rund ums Bauen\npublished: true\ndate: 2024-03-02T10:00:00.000Z\ntags: bau, gebühren\neditor: markdown\ndateCreated: 2021-01-04T08:00:00.000Z\n---\n\nWillkommen.\n',
  ),
  // Outline: a document with its children in a folder of the same name.
  'Stadtwiki/Bauamt/Anträge.md': enc('# Anträge\n\nSo stellen Sie einen Antrag.\n'),
  'Stadtwiki/Bauamt/Anträge/Formulare.md': enc('# Formulare\n\n![Lageplan](files/0193a/lageplan.png)\n'),
  // Docmost: attachments in a folder of their own.
  'Stadtwiki/files/0193a/lageplan.png': TINY_PNG,
};

describe.each(backends)('Markdown export flavours on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(() => t?.close());

  it('reads Wiki.js front matter, Outline nesting and Docmost attachments', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Stadtwiki');
    const res = await owner.post(`/api/v1/spaces/${spaceId}/import?format=markdown`, Buffer.from(zipSync(EXPORT)), { headers: { 'content-type': 'application/zip' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json() as MigrationResult).toMatchObject({ created: 3, files: 1, skipped: [] });

    const tree = (await owner.get(`/api/v1/spaces/${spaceId}/tree`)).json() as TreeNode[];
    expect(shape(tree)).toEqual([{ 'Bauamt Übersicht': [{ Anträge: ['Formulare'] }] }]);

    const doc = async (id: string) => ((await owner.get(`/api/v1/pages/${id}`)).json() as { doc: PMNodeJSON }).doc;
    const bauamt = text(await doc(tree[0]!.id));
    expect(bauamt).toContain('Willkommen.');
    expect(bauamt).toContain('Übernommen. Beschreibung: Alles rund ums Bauen · Stichwörter: bau, gebühren · Erstellt: 2021-01-04T08:00:00.000Z · Geändert: 2024-03-02T10:00:00.000Z');
    expect(bauamt).not.toContain('published');

    const formulare = tree[0]!.children[0]!.children[0]!;
    expect(images(await doc(formulare.id)).map((i) => i.attrs!.src)).toEqual([expect.stringMatching(/^\/api\/v1\/attachments\//)]);
  });
});
