import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { type CollabTestApp, startCollabApp, synced } from '../support/collab.ts';
import { importMarkdown, seedSpace } from '../support/seed.ts';
import type { UserClient } from '../support/test-app.ts';

/** Opening the live document of a strictly confidential page is a read: it is recorded. */
describe.each(backends)('classified live documents on %s', (backend) => {
  let t: CollabTestApp;
  let owner: UserClient;
  let reader: UserClient;
  let spaceId: string;

  beforeAll(async () => {
    t = await startCollabApp(backend);
    owner = await t.userClient({ displayName: 'Olga Owner' });
    reader = await t.userClient({ displayName: 'Rita Reader' });
    spaceId = await seedSpace(t.database.db, { name: 'Gleichstellungsstelle', owners: [owner], readers: [reader] });
  }, 180_000);
  afterAll(() => t?.close());

  const liveReads = (pageId: string) =>
    t.database.db.selectFrom('audit_log').select(['actor_id', 'detail']).where('target_id', '=', pageId).where('action', '=', 'page.read').execute();

  it('records each socket opened on a strictly confidential page, and none on other pages', async () => {
    const strict = await importMarkdown(owner, spaceId, 'Beschwerde Belästigung');
    const plain = await importMarkdown(owner, spaceId, 'Sprechstunde');
    expect((await owner.patch(`/api/v1/pages/${strict}`, { classification: 'streng-vertraulich' })).statusCode).toBe(200);

    const peer = t.connect(strict, { cookie: reader.headers.cookie! });
    await synced(peer);
    const other = t.connect(plain, { cookie: reader.headers.cookie! });
    await synced(other);

    expect(await liveReads(strict)).toEqual([{ actor_id: reader.user.id, detail: { via: 'live', classification: 'streng-vertraulich' } }]);
    expect(await liveReads(plain)).toEqual([]);
  });
});
