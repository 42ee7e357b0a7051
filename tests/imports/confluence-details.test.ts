/**
 * What a Confluence space export carries besides pages (issue 27): the order of the space's page
 * tree (index.html) is kept among siblings, labels become a line of provenance (pages here have
 * no tags), comments become page comments with their author and date as text, once: a second
 * run adds none.
 */
import type { CommentList, TreeNode } from '@stafette/api';
import type { PMNodeJSON } from '@stafette/schema';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { ownerWithSpace } from '../support/seed.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (n: PMNodeJSON): string => (n.text ?? '') + (n.content ?? []).map(text).join(' ');

function page(title: string, crumbs: string[], body: string, extra = ''): Uint8Array {
  return enc(`<!DOCTYPE html><html><head><title>BAU : ${title}</title></head><body>
    <div id="main-header"><div id="breadcrumb-section"><ol id="breadcrumbs">${crumbs.map((c) => `<li><a href="${c}">x</a></li>`).join('')}</ol></div>
    <h1 id="title-heading" class="pagetitle"><span id="title-text"> BAU : ${title} </span></h1></div>
    <div id="content" class="view"><div class="page-metadata">Created by <span class="author"> Hans Huber</span>, last modified on 03. März 2021</div>
    <div id="main-content" class="wiki-content group">${body}</div>${extra}</div></body></html>`);
}

const LABELS = `<div id="labels-section" class="pageSection group"><div class="labels-wrap"><ul class="label-list">
  <li class="aui-label"><a class="aui-label-split-main" href="labels/gebuehren.html" rel="tag">gebühren</a></li>
  <li class="aui-label"><a class="aui-label-split-main" href="labels/bauantrag.html" rel="tag">bauantrag</a></li></ul></div></div>`;

const COMMENTS = `<div id="comments-section" class="pageSection group"><div class="section-header"><h2 id="comments" class="pageSectionTitle">Comments:</h2></div>
  <table border="0" width="100%"><tbody>
    <tr><td style="border-bottom: 1px dashed #ccc;"><p>Gilt das auch für Carports?</p>
      <div class="smallfont" align="left">Posted by mmeier at Mar 04, 2021 09:12</div>
      <table border="0" width="100%"><tbody><tr><td><p>Ja, ab 30 m³ umbautem Raum.</p><div class="smallfont" align="left">Posted by hhuber at Mar 04, 2021 11:40</div></td></tr></tbody></table>
    </td></tr>
  </tbody></table></div>`;

const EXPORT: Zippable = {
  // The space's order: Zulassung before Antrag, not by title.
  'BAU/index.html': enc(`<html><body><h2>Available Pages:</h2><ul>
    <li><a href="Bauamt_1.html">Bauamt</a><ul>
      <li><a href="Zulassung_3.html">Zulassung</a></li>
      <li><a href="Antrag_2.html">Antrag</a></li>
      <li><a href="Bescheid_4.html">Bescheid</a></li>
    </ul></li></ul></body></html>`),
  'BAU/Bauamt_1.html': page('Bauamt', ['index.html'], '<p>Start.</p>'),
  'BAU/Antrag_2.html': page('Antrag', ['index.html', 'Bauamt_1.html'], '<p>Wie ein Bauantrag gestellt wird.</p>', LABELS + COMMENTS),
  'BAU/Zulassung_3.html': page('Zulassung', ['index.html', 'Bauamt_1.html'], '<p>Zulassung.</p>'),
  'BAU/Bescheid_4.html': page('Bescheid', ['index.html', 'Bauamt_1.html'], '<p>Bescheid.</p>'),
};

describe.each(backends)('Confluence export details on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(() => t?.close());

  it('keeps the page order, labels as provenance and comments with their authors, once', async () => {
    const { owner, spaceId } = await ownerWithSpace(t, 'Bauamt Confluence');
    const archive = Buffer.from(zipSync(EXPORT));
    const upload = () => owner.post(`/api/v1/spaces/${spaceId}/import?format=confluence`, archive, { headers: { 'content-type': 'application/zip' } });
    const first = await upload();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ created: 4 });

    const [root] = (await owner.get(`/api/v1/spaces/${spaceId}/tree`)).json() as TreeNode[];
    expect(root!.title).toBe('Bauamt');
    expect(root!.children.map((c) => c.title)).toEqual(['Zulassung', 'Antrag', 'Bescheid']);

    const antrag = root!.children.find((c) => c.title === 'Antrag')!;
    const doc = ((await owner.get(`/api/v1/pages/${antrag.id}`)).json() as { doc: PMNodeJSON }).doc;
    expect(text(doc)).toContain('Stichwörter: gebühren, bauantrag.');

    const comments = async () => ((await owner.get(`/api/v1/pages/${antrag.id}/comments`)).json() as CommentList).items;
    const bodies = (await comments()).map((c) => c.body);
    expect(bodies).toEqual([
      'Gilt das auch für Carports?\n\n— Posted by mmeier at Mar 04, 2021 09:12, aus Confluence übernommen',
      'Ja, ab 30 m³ umbautem Raum.\n\n— Posted by hhuber at Mar 04, 2021 11:40, aus Confluence übernommen',
    ]);

    const again = await upload();
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 4 });
    expect(await comments()).toHaveLength(2);
  });
});
