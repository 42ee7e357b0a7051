import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import { markdownToJSON, schema, yDocToJSON, type PMNodeJSON } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import { type CollabTestApp, emptyBody, startCollabApp, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { createPage, importMarkdown, member } from '../support/seed.ts';
import { contentTimers, logSeqs } from '../support/content.ts';

/** A body as a real editor would write it: every node type of the page schema. */
const CLIENT_DOC: PMNodeJSON = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Zuständigkeit' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Bitte ' },
        { type: 'text', marks: [{ type: 'strong' }], text: 'vorher' },
        { type: 'text', text: ' die ' },
        { type: 'text', marks: [{ type: 'link', attrs: { href: 'https://www.bund.de', title: null } }, { type: 'em' }], text: 'Hinweise' },
        { type: 'text', text: ' lesen' },
        { type: 'hard_break' },
        { type: 'text', marks: [{ type: 'underline' }, { type: 'strike' }], text: 'alt' },
        { type: 'text', text: ' und ' },
        { type: 'text', marks: [{ type: 'code' }], text: 'AZ-1' },
      ],
    },
    {
      type: 'task_list',
      content: [
        { type: 'task_item', attrs: { checked: true }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'erledigt' }] }] },
        { type: 'task_item', attrs: { checked: false }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'offen' }] }] },
      ],
    },
    {
      type: 'table',
      content: [
        {
          type: 'table_row',
          content: [
            { type: 'table_header', attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Frist' }] }] },
            { type: 'table_header', attrs: { colspan: 1, rowspan: 1, colwidth: [120] }, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Tage' }] }] },
          ],
        },
        {
          type: 'table_row',
          content: [
            { type: 'table_cell', attrs: { colspan: 2, rowspan: 1, colwidth: null }, content: [{ type: 'paragraph', content: [{ type: 'text', text: '14' }] }] },
          ],
        },
      ],
    },
    { type: 'ordered_list', attrs: { order: 3 }, content: [{ type: 'list_item', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'drei' }] }] }] },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Zitat' }] }] },
    { type: 'code_block', attrs: { language: 'sql' }, content: [{ type: 'text', text: 'SELECT 1;' }] },
    { type: 'horizontal_rule' },
    {
      type: 'paragraph',
      content: [
        { type: 'image', attrs: { src: 'https://example.org/a.png', alt: 'Plan', title: null } },
        { type: 'page_link', attrs: { pageId: 'PAGE', title: 'Andere Seite' } },
        { type: 'step_link', attrs: { processId: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', elementId: 'Task_Pruefen', label: 'Prüfen' } },
      ],
    },
  ],
};

describe.each(backends)('page content with live editors on %s', (backend) => {
  let t: CollabTestApp;
  beforeAll(async () => {
    t = await startCollabApp(backend, {}, contentTimers());
  });
  afterAll(() => t?.close());

  /** A real provider whose doc starts empty (no paragraph added locally). */
  const open = (pageId: string, cookie: string) => emptyBody(t.connect(pageId, { cookie }));

  /** The body as the client's editor holds it (y-prosemirror's reading, as a schema node). */
  const json = (peer: TestPeer) => schema.nodeFromJSON(raw(peer)).toJSON();
  const raw = (peer: TestPeer) => yXmlFragmentToProsemirrorJSON(peer.doc.getXmlFragment('prosemirror'));

  async function rowDoc(pageId: string) {
    const row = await t.database.db.selectFrom('pages').select(['doc', 'text', 'headings']).where('id', '=', pageId).executeTakeFirstOrThrow();
    return row;
  }

  it("a real client's ProseMirror JSON equals the server's derivation, and links and contributors follow", async () => {
    const { client, spaceId } = await member(t, 'editor');
    const target = await importMarkdown(client, spaceId, 'Andere Seite', 'Ziel');
    const pageId = await createPage(client, spaceId, 'Live');
    const peer = open(pageId, client.headers.cookie!);
    await synced(peer);
    const doc = JSON.parse(JSON.stringify(CLIENT_DOC).replace('"PAGE"', JSON.stringify(target)));
    peer.doc.transact(() => {
      const fragment = peer.doc.getXmlFragment('prosemirror');
      fragment.delete(0, fragment.length);
      prosemirrorJSONToYXmlFragment(schema, doc, fragment);
    });
    const expected = json(peer);
    // What the client's editor shows is the schema's canonical form of the input.
    expect(expected).toEqual(schema.nodeFromJSON(doc).toJSON());

    await expect.poll(async () => (await rowDoc(pageId)).doc, { timeout: 10_000 }).toEqual(expected);
    expect((await client.get(`/api/v1/pages/${pageId}`)).json().doc).toEqual(expected);
    const row = await rowDoc(pageId);
    expect(row.headings).toEqual([{ level: 2, text: 'Zuständigkeit' }]);
    expect(row.text).toContain('Bitte vorher die Hinweise lesen\nalt und AZ-1');
    expect(row.text).toContain('Andere Seite');

    const backlinks = (await client.get(`/api/v1/pages/${target}/backlinks`)).json();
    expect(backlinks.map((b: { id: string }) => b.id)).toEqual([pageId]);
    const steps = await t.database.db.selectFrom('page_step_links').select(['process_id', 'element_id']).where('page_id', '=', pageId).execute();
    expect(steps).toEqual([{ process_id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f', element_id: 'Task_Pruefen' }]);
    await expect
      .poll(async () => (await t.database.db.selectFrom('page_contributors').select(['user_id']).where('page_id', '=', pageId).execute()).map((r) => r.user_id))
      .toEqual([client.user.id]);
    const updatedBy = await t.database.db.selectFrom('pages').select('updated_by').where('id', '=', pageId).executeTakeFirstOrThrow();
    expect(updatedBy.updated_by).toBe(client.user.id);
  });

  it('a client writing Y.XmlElements by hand gets the same derivation as its own reading', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await createPage(client, spaceId, 'Handarbeit');
    const peer = open(pageId, client.headers.cookie!);
    await synced(peer);
    peer.doc.transact(() => {
      const fragment = peer.doc.getXmlFragment('prosemirror');
      const heading = new Y.XmlElement('heading');
      heading.setAttribute('level', 1 as unknown as string);
      const ht = new Y.XmlText();
      heading.insert(0, [ht]);
      const para = new Y.XmlElement('paragraph');
      const pt = new Y.XmlText();
      para.insert(0, [pt]);
      fragment.insert(0, [heading, para]);
      ht.insert(0, 'Öffnungszeiten');
      pt.insert(0, 'Mo–Fr ');
      pt.insert(pt.length, '8–12 Uhr', { strong: {} });
    });
    const expected = json(peer);
    await expect.poll(async () => (await rowDoc(pageId)).doc, { timeout: 10_000 }).toEqual(expected);
    expect(expected).toEqual(markdownToJSON('# Öffnungszeiten\n\nMo–Fr **8–12 Uhr**'));
  });

  it('reading a document through the server emits no Yjs update, even one with unknown elements', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Lesen', '# Titel\n\nText mit [Link](https://a.example)');
    const peer = open(pageId, client.headers.cookie!);
    await synced(peer);
    await waitFor(() => raw(peer).content?.length === 2, 5000, 'imported body');
    // An element outside the schema (a newer client's widget): the schema-bound converter would delete it.
    peer.doc.transact(() => {
      const widget = new Y.XmlElement('custom_widget');
      widget.setAttribute('data', 'x');
      peer.doc.getXmlFragment('prosemirror').insert(1, [widget]);
    });
    await expect.poll(async () => JSON.stringify((await rowDoc(pageId)).doc), { timeout: 10_000 }).toContain('custom_widget');
    await t.app.collab.log.flushed();

    const seqs = await logSeqs(t.database.db, pageId);
    const live = await t.app.collab.getDocument(pageId);
    const vector = Y.encodeStateVector(live);
    let serverUpdates = 0;
    let clientUpdates = 0;
    const onServer = () => (serverUpdates += 1);
    const onClient = () => (clientUpdates += 1);
    live.on('update', onServer);
    peer.doc.on('update', onClient);
    try {
      expect((await client.get(`/api/v1/pages/${pageId}`)).statusCode).toBe(200);
      expect((await client.get(`/api/v1/pages/${pageId}/export?format=html`)).statusCode).toBe(200);
      const md = await client.get(`/api/v1/pages/${pageId}/export?format=markdown`);
      expect(md.statusCode).toBe(422);
      expect(md.json().type).toBe('urn:stafette:problem:document-not-exportable');
      expect((await client.get(`/api/v1/pages/${pageId}/backlinks`)).statusCode).toBe(200);
      const version = await client.post(`/api/v1/pages/${pageId}/versions`, { label: 'Lesetest' });
      expect(version.statusCode).toBe(201);
      expect((await client.get(`/api/v1/pages/${pageId}/versions/${version.json().id}`)).json().markdown).toBeNull();
      expect((await client.get(`/api/v1/pages/${pageId}/versions/${version.json().id}/diff`)).json().identical).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      await t.app.collab.log.flushed();
    } finally {
      live.off('update', onServer);
      peer.doc.off('update', onClient);
    }
    expect(serverUpdates).toBe(0);
    expect(clientUpdates).toBe(0);
    expect(Y.encodeStateVector(live)).toEqual(vector);
    expect(await logSeqs(t.database.db, pageId)).toEqual(seqs);
    expect(JSON.stringify(raw(peer))).toContain('custom_widget');
  });

  it('PUT content while two real clients are connected: both see the new body, and it is stored', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const { client: other } = await member(t, 'editor', spaceId);
    const pageId = await importMarkdown(client, spaceId, 'Gemeinsam', '# Alt\n\nErster Absatz\n\nZweiter Absatz');
    const a = open(pageId, client.headers.cookie!);
    const b = open(pageId, other.headers.cookie!);
    await Promise.all([synced(a), synced(b)]);
    await waitFor(() => json(a).content?.length === 3 && json(b).content?.length === 3, 5000, 'imported body on both');

    const markdown = '# Neu\n\nErster Absatz\n\n| A | B |\n| --- | --- |\n| 1 | 2 |\n\n- [ ] prüfen';
    const res = await client.put(`/api/v1/pages/${pageId}/content`, { markdown });
    expect(res.statusCode).toBe(200);
    const expected = markdownToJSON(markdown);
    await waitFor(() => JSON.stringify(json(a)) === JSON.stringify(expected) && JSON.stringify(json(b)) === JSON.stringify(expected), 10_000, 'new body on both clients');
    expect((await rowDoc(pageId)).doc).toEqual(expected);

    // Typing continues on top of the server edit and converges.
    const firstText = a.doc.getXmlFragment('prosemirror').get(1) as Y.XmlElement;
    (firstText.get(0) as Y.XmlText).insert(0, 'Nun: ');
    await waitFor(() => JSON.stringify(json(b)).includes('Nun: Erster Absatz'), 5000, 'typing after PUT');

    // A fresh client loading from storage gets the same document.
    await t.app.collab.log.flushed();
    const c = open(pageId, other.headers.cookie!);
    await synced(c);
    await waitFor(() => JSON.stringify(json(c)) === JSON.stringify(json(a)), 5000, 'late joiner');
    expect(yDocToJSON(await t.app.collab.getDocument(pageId))).toEqual(json(a));
  });
});
