import type { Attachment } from '@stafette/api';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createFilesApp, docx, html, jpegWithGps, odt, pdf, png, svgWithScript, upload, xlsx, zip } from './samples.ts';

/** Uploads over HTTP: what is accepted, how it is typed and served, what is refused. */
describe.each(backends)('attachments on %s', (backend) => {
  let t: TestApp & { dataDir: string };
  let editor: UserClient;
  let reader: UserClient;
  let outsider: UserClient;
  let spaceId: string;
  let pageId: string;

  beforeAll(async () => {
    t = await createFilesApp(backend, { maxBytes: 2 * 1024 * 1024 });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    outsider = await t.userClient({ displayName: 'Otto Außen' });
    spaceId = await seedSpace(t.database.db, { name: 'Ordnungsamt', editors: [editor], readers: [reader] });
    ({ pageId } = await seedPage(t.database.db, { spaceId, title: 'Sondernutzung' }));
  }, 60_000);
  afterAll(() => t?.close());

  const accepted = async (fileName: string, content: Buffer | string): Promise<Attachment> => {
    const res = await upload(editor, pageId, fileName, content);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('stores office documents, archives and images with the type their bytes have', async () => {
    const cases: [string, Buffer | string, string][] = [
      ['Antrag.pdf', await pdf(), 'application/pdf'],
      ['Dienstanweisung.docx', await docx(), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['Vermerk.odt', odt(), 'application/vnd.oasis.opendocument.text'],
      ['Gebühren.xlsx', xlsx(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['Formulare.zip', zip(), 'application/zip'],
      ['Lageplan.png', await png(), 'image/png'],
      ['Notiz.txt', 'Schlüssel liegt beim Hausmeister.', 'text/plain'],
    ];
    for (const [name, content, type] of cases) {
      const file = await accepted(name, content);
      expect(file, name).toMatchObject({ name, type, size: Buffer.byteLength(content), url: `/api/v1/attachments/${file.id}`, uploader: { displayName: 'Emil Editor' } });
      const res = await reader.get(file.url);
      expect(res.statusCode, name).toBe(200);
      expect(res.rawPayload.equals(Buffer.isBuffer(content) ? content : Buffer.from(content)), name).toBe(true);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain('sandbox');
    }
    const list = (await reader.get(`/api/v1/pages/${pageId}/attachments`)).json() as Attachment[];
    expect(list.map((a) => a.name)).toEqual(expect.arrayContaining(cases.map(([name]) => name)));
  });

  it('serves raster images inline and every other file as a download, named as uploaded', async () => {
    const image = await accepted('Straße am Rathaus.png', await png());
    const shown = await reader.get(image.url);
    expect(shown.headers['content-type']).toBe('image/png');
    expect(shown.headers['content-disposition']).toBe(`inline; filename="Stra_e am Rathaus.png"; filename*=UTF-8''Stra%C3%9Fe%20am%20Rathaus.png`);

    const form = await accepted('Formular Ä.pdf', await pdf());
    expect((await reader.get(form.url)).headers['content-disposition']).toMatch(/^attachment; filename="Formular A.pdf"; filename\*=UTF-8''Formular%20%C3%84.pdf$/);
  });

  it('never shows SVG or HTML on our origin: they are sandboxed downloads', async () => {
    const svg = await accepted('Logo.svg', svgWithScript);
    expect(svg.type).toBe('image/svg+xml');
    expect(svg.thumbnailUrl).toBeNull();
    const svgRes = await reader.get(svg.url);
    expect(svgRes.headers['content-disposition']).toMatch(/^attachment;/);
    expect(svgRes.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);

    const page = await accepted('Aushang.html', html);
    expect(page.type).toBe('text/html');
    const htmlRes = await reader.get(page.url);
    expect(htmlRes.headers['content-disposition']).toMatch(/^attachment;/);
    expect(htmlRes.headers['x-content-type-options']).toBe('nosniff');
    expect((await reader.get(`${page.url}/thumbnail`)).statusCode).toBe(415);
  });

  it('removes the location from photos and turns them upright, in the original and the thumbnail', async () => {
    const photo = await jpegWithGps();
    const before = await sharp(photo).metadata();
    expect(before.exif).toBeDefined();
    expect(before.orientation).toBe(6);

    const file = await accepted('Baustelle.jpg', photo);
    expect(file.type).toBe('image/jpeg');
    const stored = (await reader.get(file.url)).rawPayload;
    const after = await sharp(stored).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    // Turned as the orientation said: the 40×20 photo stands 20×40.
    expect([after.width, after.height]).toEqual([20, 40]);
    expect(stored.includes(Buffer.from('Feldkamera'))).toBe(false);
    expect(file.size).toBe(stored.length);

    const thumb = await reader.get(`${file.thumbnailUrl}?w=300`);
    expect(thumb.statusCode).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect(thumbMeta.exif).toBeUndefined();
    // Never enlarged past the image's own width.
    expect([thumbMeta.width, thumbMeta.height]).toEqual([20, 40]);
  });

  it('refuses HEIC photos, whose location it cannot remove, and stores nothing', async () => {
    // The start of an iPhone photo: an ISO-BMFF ftyp box with the HEIC brand.
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(4), Buffer.from('mif1heic'), Buffer.alloc(64)]);
    const res = await upload(editor, pageId, 'IMG_0001.HEIC', heic);
    expect(res.statusCode).toBe(415);
    expect(res.json().type).toBe('urn:stafette:problem:image-unreadable');
    expect((await reader.get(`/api/v1/pages/${pageId}/attachments`)).json().map((a: Attachment) => a.name)).not.toContain('IMG_0001.HEIC');
  });

  it('renders thumbnails at a bounded set of widths', async () => {
    const file = await accepted('Karte.png', await png(900, 600));
    const widthOf = async (w: number) => (await sharp((await reader.get(`${file.thumbnailUrl}?w=${w}`)).rawPayload).metadata()).width;
    expect(await widthOf(100)).toBe(160);
    expect(await widthOf(500)).toBe(640);
    expect(await widthOf(5000)).toBe(900);
    expect((await reader.get(`${file.thumbnailUrl}?w=abc`)).statusCode).toBe(400);
  });

  it('accepts an empty file', async () => {
    const file = await accepted('leer.txt', Buffer.alloc(0));
    expect(file.size).toBe(0);
    const res = await reader.get(file.url);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.length).toBe(0);
  });

  it('refuses a file whose bytes contradict its name, unless it is plain text', async () => {
    const lying = await upload(editor, pageId, 'Rechnung.pdf', await png());
    expect(lying.statusCode).toBe(415);
    expect(lying.json()).toMatchObject({ type: 'urn:stafette:problem:file-type-mismatch', extension: 'pdf', detected: 'png' });
    const fakeDocx = await upload(editor, pageId, 'Bericht.docx', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x10]));
    expect(fakeDocx.json().type).toBe('urn:stafette:problem:file-type-mismatch');
    // Plain text under any name is accepted as text.
    const text = await accepted('Protokoll.jpg', 'Sitzung vom 3. März');
    expect(text.type).toBe('text/plain');
    expect((await reader.get(text.url)).headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('refuses files over the limit with 413 and keeps nothing of them', async () => {
    const before = (await t.database.db.selectFrom('file_blobs').select('sha256').execute()).length;
    const big = await upload(editor, pageId, 'Scan.pdf', Buffer.concat([await pdf(), Buffer.alloc(2 * 1024 * 1024)]));
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ type: 'urn:stafette:problem:payload-too-large', maxBytes: 2 * 1024 * 1024 });
    expect((await t.database.db.selectFrom('file_blobs').select('sha256').execute()).length).toBe(before);
    expect(fs.readdirSync(path.join(t.dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('stops reading a stream without a declared length one byte past the limit', async () => {
    let produced = 0;
    async function* endless() {
      for (;;) {
        produced += 64 * 1024;
        yield Buffer.alloc(64 * 1024, 0x41);
      }
    }
    const attempt = t.app.files.create({ pageId, name: 'Endlos.txt', stream: Readable.from(endless()), uploaderId: editor.user.id }, { actorId: editor.user.id, ip: null });
    await expect(attempt).rejects.toMatchObject({ status: 413, slug: 'payload-too-large' });
    expect(produced).toBeLessThan(2 * 1024 * 1024 + 512 * 1024);
    expect(fs.readdirSync(path.join(t.dataDir, 'files', 'tmp'))).toEqual([]);
  });

  it('keeps names with umlauts, slashes and ../ as names, never as paths', async () => {
    // A multipart file name is a name: what a path in it leads up to is dropped.
    for (const [sent, kept] of [
      ['../../etc/passwd', 'passwd'],
      ['Bescheid 2026/03 Müller.txt', '03 Müller.txt'],
      ['..\\..\\boot.ini', 'boot.ini'],
    ]) {
      expect((await accepted(sent!, `Inhalt von ${sent}`)).name).toBe(kept);
    }
    // Other callers of the service keep the whole name for display; downloads make it a safe file name.
    for (const name of ['../../etc/passwd', 'Bescheid 2026/03 Müller.txt']) {
      const row = await t.app.files.create({ pageId, name, stream: Readable.from([Buffer.from('Inhalt')]), uploaderId: editor.user.id }, { actorId: editor.user.id, ip: null });
      expect(row.name).toBe(name);
      const disposition = (await reader.get(`/api/v1/attachments/${row.id}`)).headers['content-disposition'] as string;
      expect(disposition).not.toMatch(/[/\\]|\.\.\//);
    }
    // Nothing was written outside the store: every file there is named by its hash.
    const stored = fs.readdirSync(path.join(t.dataDir, 'files'), { recursive: true }) as string[];
    for (const entry of stored) expect(path.basename(entry)).toMatch(/^([0-9a-f]{2}|[0-9a-f]{64}|tmp)$/);
    expect(fs.existsSync(path.join(t.dataDir, 'etc'))).toBe(false);
  });

  it('refuses uploads without a file field and non-multipart bodies', async () => {
    expect((await upload(editor, pageId, 'a.txt', 'x', 'anhang')).statusCode).toBe(400);
    expect((await editor.post(`/api/v1/pages/${pageId}/attachments`, { file: 'x' })).statusCode).toBe(415);
  });

  it('lets editors upload and delete, readers only read; another space is 404', async () => {
    expect((await upload(reader, pageId, 'r.txt', 'Leser')).statusCode).toBe(403);
    const file = await accepted('Weg.txt', 'bald gelöscht');
    expect((await outsider.get(file.url)).statusCode).toBe(404);
    expect((await outsider.get(`/api/v1/pages/${pageId}/attachments`)).statusCode).toBe(404);
    expect((await upload(outsider, pageId, 'o.txt', 'Fremd')).statusCode).toBe(404);
    expect((await outsider.delete(file.url)).statusCode).toBe(404);
    expect((await reader.delete(file.url)).statusCode).toBe(403);
    expect((await editor.delete(file.url)).statusCode).toBe(204);
    expect((await reader.get(file.url)).statusCode).toBe(404);
    expect(((await reader.get(`/api/v1/pages/${pageId}/attachments`)).json() as Attachment[]).some((a) => a.id === file.id)).toBe(false);
    expect((await editor.delete(file.url)).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', file.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['attachment.create', 'attachment.delete']);
  });
});
