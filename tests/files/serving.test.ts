import type { Attachment } from '@stafette/api';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepFiles } from '../../server/src/files/retention.ts';
import { backends } from '../support/databases.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createFilesApp, pdf, png, upload } from './samples.ts';

const DAY = 86_400_000;

/** Large-file serving (Range, ETag), the space quota and the retention of files no longer referenced. */
describe.each(backends)('attachment serving, quota and retention on %s', (backend) => {
  let t: TestApp & { dataDir: string };
  let editor: UserClient;
  let reader: UserClient;
  let spaceId: string;
  let pageId: string;

  beforeAll(async () => {
    t = await createFilesApp(backend, { spaceQuotaBytes: 64 * 1024, retentionDays: 30 });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    spaceId = await seedSpace(t.database.db, { name: 'Bauamt', editors: [editor], readers: [reader] });
    ({ pageId } = await seedPage(t.database.db, { spaceId, title: 'Bauantrag' }));
  }, 60_000);
  afterAll(() => t?.close());

  const accepted = async (name: string, content: Buffer | string, page = pageId): Promise<Attachment> => {
    const res = await upload(editor, page, name, content);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  it('answers byte ranges with 206 and revalidates with the ETag', async () => {
    const bytes = Buffer.concat([await pdf(), Buffer.from('\n%' + 'x'.repeat(5000))]);
    const file = await accepted('Plan.pdf', bytes);
    const full = await reader.get(file.url);
    expect(full.headers['accept-ranges']).toBe('bytes');
    const etag = full.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]{64}"$/);

    const part = await reader.get(file.url, { headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.rawPayload.equals(bytes.subarray(100, 200))).toBe(true);

    const tail = await reader.get(file.url, { headers: { range: 'bytes=-10' } });
    expect(tail.rawPayload.equals(bytes.subarray(bytes.length - 10))).toBe(true);
    const open = await reader.get(file.url, { headers: { range: `bytes=${bytes.length - 5}-` } });
    expect(open.rawPayload.equals(bytes.subarray(bytes.length - 5))).toBe(true);

    const beyond = await reader.get(file.url, { headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);

    // A resumed download whose copy changed meanwhile (another validator) gets the whole file.
    const stale = await reader.get(file.url, { headers: { range: 'bytes=0-9', 'if-range': '"0000"' } });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(bytes.length);
    expect((await reader.get(file.url, { headers: { range: 'bytes=0-9', 'if-range': etag } })).statusCode).toBe(206);

    const again = await reader.get(file.url, { headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('refuses uploads past the space quota with 507 saying how much is left', async () => {
    const { pageId: other } = await seedPage(t.database.db, { spaceId: await seedSpace(t.database.db, { name: 'Kämmerei', editors: [editor] }), title: 'Haushalt' });
    const filler = Buffer.concat([await pdf(), Buffer.from('\n%' + 'y'.repeat(40 * 1024))]);
    const first = await accepted('Haushalt.pdf', filler, other);
    const refused = await upload(editor, other, 'Nachtrag.pdf', filler);
    expect(refused.statusCode).toBe(507);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const problem = refused.json();
    expect(problem).toMatchObject({ type: 'urn:stafette:problem:quota-exceeded', quotaBytes: 64 * 1024, usedBytes: first.size, remainingBytes: 64 * 1024 - first.size });
    expect(problem.detail).toMatch(/left/);
    // Deleting files frees the quota.
    expect((await editor.delete(first.url)).statusCode).toBe(204);
    await accepted('Nachtrag.pdf', filler, other);
  });

  it('keeps a deleted file while a version shows it, and removes it only after the retention period', async () => {
    const { pageId: page } = await seedPage(t.database.db, { spaceId, title: 'Ortsbegehung' });
    const image = await accepted('Foto.png', await png(30, 30), page);
    const doc = {
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Vor Ort: ' }, { type: 'image', attrs: { src: image.url, alt: 'Zufahrt', title: null } }] }],
    };
    expect((await editor.put(`/api/v1/pages/${page}/content`, { doc })).statusCode).toBe(200);
    const version = await editor.post(`/api/v1/pages/${page}/versions`, { label: 'mit Foto' });
    expect(version.statusCode, version.body).toBe(201);
    expect((await editor.put(`/api/v1/pages/${page}/content`, { markdown: 'Foto entfernt.' })).statusCode).toBe(200);
    expect((await editor.delete(image.url)).statusCode).toBe(204);

    // Not listed on the page any more, but the version still shows it.
    expect(((await reader.get(`/api/v1/pages/${page}/attachments`)).json() as Attachment[]).map((a) => a.id)).not.toContain(image.id);
    expect((await reader.get(image.url)).statusCode).toBe(200);
    const sha = (await t.database.db.selectFrom('attachments').select('sha256').where('id', '=', image.id).executeTakeFirstOrThrow()).sha256;
    const blobPath = path.join(t.dataDir, 'files', sha.slice(0, 2), sha.slice(2, 4), sha);
    await sweepFiles(t.database.db, t.app.files.store, { retentionDays: 30, now: new Date(Date.now() + 400 * DAY) });
    expect(fs.existsSync(blobPath)).toBe(true);

    // Restoring the version brings it back into the body: still served.
    const restored = await editor.post(`/api/v1/pages/${page}/versions/${version.json().id}/restore`, {});
    expect(restored.statusCode, restored.body).toBeLessThan(300);
    expect((await reader.get(image.url)).statusCode).toBe(200);

    // Once neither the page nor any version points at it, the clock starts: 29 days later it is still there, after 30 gone.
    await t.database.db.deleteFrom('page_versions').where('page_id', '=', page).execute();
    expect((await editor.put(`/api/v1/pages/${page}/content`, { markdown: 'Ohne Foto.' })).statusCode).toBe(200);
    await t.database.db.deleteFrom('page_versions').where('page_id', '=', page).execute();
    const start = new Date();
    const marked = await sweepFiles(t.database.db, t.app.files.store, { retentionDays: 30, now: start });
    expect(marked.removed).toEqual([]);
    expect((await t.database.db.selectFrom('file_blobs').select('unreferenced_since').where('sha256', '=', sha).executeTakeFirstOrThrow()).unreferenced_since).not.toBeNull();
    expect((await sweepFiles(t.database.db, t.app.files.store, { retentionDays: 30, now: new Date(start.getTime() + 29 * DAY) })).removed).toEqual([]);
    expect(fs.existsSync(blobPath)).toBe(true);
    expect((await sweepFiles(t.database.db, t.app.files.store, { retentionDays: 30, now: new Date(start.getTime() + 30 * DAY) })).removed).toEqual([sha]);
    expect(fs.existsSync(blobPath)).toBe(false);
    expect((await reader.get(image.url)).statusCode).toBe(404);
    const purge = await t.database.db.selectFrom('audit_log').select('detail').where('action', '=', 'file.purge').execute();
    expect(purge.some((p) => (p.detail as { sha256?: string }).sha256 === sha)).toBe(true);
  });

  it('runs the sweep on its own timer', async () => {
    const timed = await createFilesApp(backend, { retentionDays: 0, sweepIntervalMs: 100 });
    try {
      const client = await timed.userClient();
      const space = await seedSpace(timed.database.db, { name: 'Zeitamt', editors: [client] });
      const { pageId: page } = await seedPage(timed.database.db, { spaceId: space, title: 'Aushang' });
      const res = await upload(client, page, 'Aushang.txt', 'Ab Montag geschlossen');
      expect(res.statusCode).toBe(201);
      expect((await client.delete(res.json().url)).statusCode).toBe(204);
      // Retention 0: the first sweep marks it, the next removes it.
      await expect.poll(async () => (await timed.database.db.selectFrom('file_blobs').select('sha256').execute()).length, { timeout: 15_000 }).toBe(0);
    } finally {
      await timed.close();
    }
  });

  it('stores the same bytes once and keeps them while any attachment of them lives', async () => {
    const bytes = await png(12, 12);
    const a = await accepted('eins.png', bytes);
    const b = await accepted('zwei.png', bytes);
    const sha = (await t.database.db.selectFrom('attachments').select('sha256').where('id', '=', a.id).executeTakeFirstOrThrow()).sha256;
    expect((await t.database.db.selectFrom('attachments').select('sha256').where('id', '=', b.id).executeTakeFirstOrThrow()).sha256).toBe(sha);
    expect((await editor.delete(a.url)).statusCode).toBe(204);
    const far = new Date(Date.now() + 400 * DAY);
    await sweepFiles(t.database.db, t.app.files.store, { retentionDays: 30, now: far });
    await sweepFiles(t.database.db, t.app.files.store, { retentionDays: 30, now: new Date(far.getTime() + 31 * DAY) });
    expect((await reader.get(b.url)).rawPayload.equals(bytes)).toBe(true);
  });
});
