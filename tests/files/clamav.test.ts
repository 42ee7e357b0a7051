import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { clamdMissing, EICAR, startClamd } from './clamd.ts';
import { createFilesApp, pdf, upload } from './samples.ts';

const missing = clamdMissing();
if (missing) console.log(`tests/files/clamav.test.ts skipped: ${missing}`);

/** Uploads scanned by a real clamd (STAFETTE_CLAMAV): infected files are refused, audited, not stored. */
describe.skipIf(missing !== null).each(backends)('virus scan on %s', (backend) => {
  let clamd: Awaited<ReturnType<typeof startClamd>>;
  let t: TestApp & { dataDir: string };
  let editor: UserClient;
  let pageId: string;

  beforeAll(async () => {
    clamd = await startClamd();
    t = await createFilesApp(backend, { clamav: clamd.socket });
    editor = await t.userClient({ displayName: 'Emil Editor' });
    const spaceId = await seedSpace(t.database.db, { name: 'Hauptamt', editors: [editor] });
    ({ pageId } = await seedPage(t.database.db, { spaceId, title: 'Posteingang' }));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await clamd?.stop();
  });

  it('refuses the EICAR test file with file-infected, audits it and stores nothing', async () => {
    const blobsBefore = await t.database.db.selectFrom('file_blobs').select('sha256').execute();
    const res = await upload(editor, pageId, 'Rechnung.txt', EICAR);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ type: 'urn:stafette:problem:file-infected', signature: expect.stringContaining('Stafette.Test.EICAR') });
    expect(await t.database.db.selectFrom('file_blobs').select('sha256').execute()).toEqual(blobsBefore);
    expect(await t.database.db.selectFrom('attachments').select('id').where('page_id', '=', pageId).execute()).toEqual([]);
    const audit = await t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('action', '=', 'attachment.infected').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_id: editor.user.id, detail: { name: 'Rechnung.txt', signature: expect.stringContaining('EICAR') } });
  });

  it('lets clean files through', async () => {
    const res = await upload(editor, pageId, 'Antrag.pdf', await pdf());
    expect(res.statusCode, res.body).toBe(201);
  });

  it('refuses uploads while the scanner cannot be reached, rather than letting them through unscanned', async () => {
    const other = await createFilesApp(backend, { clamav: '/nonexistent/clamd.sock' });
    try {
      const client = await other.userClient();
      const spaceId = await seedSpace(other.database.db, { name: 'Amt', editors: [client] });
      const { pageId: page } = await seedPage(other.database.db, { spaceId, title: 'Seite' });
      const res = await upload(client, page, 'a.txt', 'Hallo');
      expect(res.statusCode).toBe(503);
      expect(await other.database.db.selectFrom('attachments').select('id').execute()).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
