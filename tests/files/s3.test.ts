import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileOptionsFrom } from '../../server/src/files/options.ts';
import { S3FileStore } from '../../server/src/files/s3-store.ts';
import { BlobMissingError } from '../../server/src/files/store.ts';
import { backends } from '../support/databases.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createFilesApp, pdf, upload } from './samples.ts';
import os from 'node:os';
import path from 'node:path';

/**
 * The S3 store against a real S3-compatible server. None is obtainable on the development
 * machines, so this runs where STAFETTE_S3_URL, _BUCKET, _ACCESS_KEY and _SECRET_KEY point at
 * one (a MinIO, say) and is skipped with that reason elsewhere.
 */
const s3 = fileOptionsFrom(process.env).s3;
if (!s3) console.log('tests/files/s3.test.ts skipped: STAFETTE_S3_URL, _BUCKET, _ACCESS_KEY and _SECRET_KEY are not set (no S3-compatible server here)');

describe.skipIf(!s3)('S3 file store', () => {
  let store: S3FileStore;
  beforeAll(() => {
    store = new S3FileStore(s3!, path.join(os.tmpdir(), 'stafette-s3-spool'));
  });

  it('stores by hash, reads whole and in ranges, and removes', async () => {
    const body = `Amtsblatt ${Date.now()}`;
    const blob = await store.put(Readable.from([Buffer.from(body)]), { maxBytes: 1024 });
    expect(blob.size).toBe(Buffer.byteLength(body));
    expect(await text(await store.open(blob.sha256))).toBe(body);
    expect(await text(await store.open(blob.sha256, { start: 0, end: 7 }))).toBe('Amtsblatt');
    await store.remove(blob.sha256);
    await expect(store.open(blob.sha256)).rejects.toBeInstanceOf(BlobMissingError);
  });

  describe.each(backends)('uploads on %s', (backend) => {
    let t: TestApp & { dataDir: string };
    let editor: UserClient;
    let pageId: string;
    beforeAll(async () => {
      t = await createFilesApp(backend, { s3 });
      editor = await t.userClient();
      const spaceId = await seedSpace(t.database.db, { name: 'Archiv', editors: [editor] });
      ({ pageId } = await seedPage(t.database.db, { spaceId, title: 'Satzungen' }));
    }, 60_000);
    afterAll(() => t?.close());

    it('serves what was uploaded through the API from the bucket', async () => {
      const bytes = await pdf();
      const res = await upload(editor, pageId, 'Satzung.pdf', bytes);
      expect(res.statusCode, res.body).toBe(201);
      const got = await editor.get(res.json().url);
      expect(got.rawPayload.equals(bytes)).toBe(true);
      expect((await editor.get(res.json().url, { headers: { range: 'bytes=0-4' } })).body).toBe('%PDF-');
    });
  });
});
