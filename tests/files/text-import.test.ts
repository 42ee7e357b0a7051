/**
 * `POST /api/v1/pages/import` with a Word (.docx) or LibreOffice (.odt) document, over HTTP as
 * multipart: headings, lists, tables, bold/italic, links and embedded images become a page
 * with its attachments. The Markdown import keeps its JSON contract.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Attachment, ImportedPage } from '@stafette/api';
import type { PMNodeJSON } from '@stafette/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { backends } from '../support/databases.ts';
import { docxFile, odtFile, pdfFile, RICH, TINY_PNG } from '../support/office-files.ts';
import { seedSpace } from '../support/seed.ts';
import { createTestApp, type Client, type TestApp, type UserClient } from '../support/test-app.ts';

/** A multipart/form-data body: text fields first, then the file. */
function form(fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }): { body: Buffer; contentType: string } {
  const boundary = `----stafette${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), Buffer.from(file.bytes), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function importDocument(client: Client, fields: Record<string, string>, file?: { name: string; bytes: Uint8Array }) {
  const { body, contentType } = form(fields, file);
  return client.post('/api/v1/pages/import', body, { headers: { 'content-type': contentType } });
}

/** Nodes of the document of one type, depth first. */
function nodes(doc: PMNodeJSON, type: string): PMNodeJSON[] {
  const out: PMNodeJSON[] = [];
  const walk = (n: PMNodeJSON) => {
    if (n.type === type) out.push(n);
    n.content?.forEach(walk);
  };
  walk(doc);
  return out;
}

const text = (n: PMNodeJSON): string => (n.text ?? '') + (n.content ?? []).map(text).join('');
const marked = (doc: PMNodeJSON, mark: string) => nodes(doc, 'text').filter((t) => t.marks?.some((m) => m.type === mark)).map((t) => t.text);

describe.each(backends)('document import on %s', (backend) => {
  let t: TestApp;
  let dataDir: string;
  let editor: UserClient;
  let reader: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-import-'));
    const defaults = loadConfig({});
    t = await createTestApp(backend, { dataDir, files: { ...defaults.files, sweepIntervalMs: 0 } }, { search: { indexer: false } });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    spaceId = await seedSpace(t.database.db, { name: 'Ordnungsamt', editors: [editor], readers: [reader] });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  for (const format of ['docx', 'odt'] as const) {
    it(`makes a ${format.toUpperCase()} document a page: headings, lists, table, bold, italic, link and image`, async () => {
      const bytes = format === 'docx' ? await docxFile(RICH) : odtFile(RICH);
      const res = await importDocument(editor, { spaceId }, { name: `Merkblatt Sondernutzung.${format}`, bytes });
      expect(res.statusCode, res.body).toBe(201);
      const page = res.json() as ImportedPage;
      // No title sent: the document's first heading.
      expect(page.title).toBe(RICH.title);
      const doc = page.doc as PMNodeJSON;

      const headings = nodes(doc, 'heading').map((h) => [h.attrs?.level, text(h)]);
      expect(headings).toEqual([
        [1, RICH.title],
        [2, 'Fristen'],
      ]);
      expect(nodes(doc, 'bullet_list').map((l) => (l.content ?? []).map(text))).toEqual([RICH.bullets]);
      expect(nodes(doc, 'ordered_list').map((l) => (l.content ?? []).map(text))).toEqual([RICH.numbered]);
      const rows = nodes(doc, 'table_row').map((r) => (r.content ?? []).map(text));
      expect(rows).toEqual(RICH.table);
      expect(marked(doc, 'strong')).toContain(RICH.bold);
      expect(marked(doc, 'em')).toContain(RICH.italic);
      const linked = nodes(doc, 'text').find((n) => n.marks?.some((m) => m.type === 'link'));
      expect(linked?.text).toBe(RICH.link.text);
      expect(linked?.marks?.find((m) => m.type === 'link')?.attrs?.href).toBe(RICH.link.href);

      // The embedded image became an attachment of the page, and the image node points at it.
      const images = nodes(doc, 'image');
      expect(images).toHaveLength(1);
      const files = (await reader.get(`/api/v1/pages/${page.id}/attachments`)).json() as Attachment[];
      expect(files).toHaveLength(1);
      expect(files[0]).toMatchObject({ type: 'image/png', name: `Merkblatt Sondernutzung – Bild 1.png` });
      expect(images[0]!.attrs?.src).toBe(files[0]!.url);
      expect(images[0]!.attrs?.alt).toBe(RICH.image!.alt);
      const served = await reader.get(files[0]!.url);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toContain('image/png');

      // The page reads back the same through the content API (the live document holds it).
      const exported = await reader.get(`/api/v1/pages/${page.id}/export?format=markdown`);
      expect(exported.body).toContain(`# ${RICH.title}`);
      expect(exported.body).toContain(`**${RICH.bold}**`);
    });
  }

  it('takes a title and a parent from the form, and keeps the Markdown import as it was', async () => {
    const parent = await editor.post('/api/v1/pages/import', { spaceId, title: 'Merkblätter', markdown: '# Übersicht' });
    expect(parent.statusCode).toBe(201);
    const res = await importDocument(editor, { spaceId, parentId: parent.json().id, title: 'Sondernutzung (Entwurf)' }, { name: 'x.odt', bytes: odtFile({ ...RICH, image: undefined }) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ title: 'Sondernutzung (Entwurf)', parentId: parent.json().id });
  });

  it('refuses other files, damaged documents and readers, and leaves nothing behind', async () => {
    const pagesBefore = await t.database.db.selectFrom('pages').select('id').where('space_id', '=', spaceId).execute();

    const pdf = await importDocument(editor, { spaceId }, { name: 'Antrag.docx', bytes: await pdfFile(['Kein Word']) });
    expect(pdf.statusCode).toBe(415);
    expect(pdf.json().type).toBe('urn:stafette:problem:unsupported-media-type');

    const png = await importDocument(editor, { spaceId }, { name: 'Bild.odt', bytes: TINY_PNG });
    expect(png.statusCode).toBe(415);

    const docx = await docxFile(RICH);
    const broken = await importDocument(editor, { spaceId }, { name: 'Kaputt.docx', bytes: docx.slice(0, Math.floor(docx.length * 0.6)) });
    expect(broken.statusCode, broken.body).toBe(422);
    expect(broken.json().type).toBe('urn:stafette:problem:document-unreadable');

    const noFile = await importDocument(editor, { spaceId });
    expect(noFile.statusCode).toBe(400);

    const byReader = await importDocument(reader, { spaceId }, { name: 'Merkblatt.docx', bytes: docx });
    expect(byReader.statusCode).toBe(403);

    const pagesAfter = await t.database.db.selectFrom('pages').select('id').where('space_id', '=', spaceId).execute();
    expect(pagesAfter.length).toBe(pagesBefore.length);
  });
});
