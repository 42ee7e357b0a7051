/**
 * Processes carry their space's level for offline copies: the answers a kept space stores about
 * its processes are marked fit for a device only when the space is not strictly confidential.
 * The start page's lists carry each page's level, so a device copy leaves strictly confidential
 * entries out (client/src/offline/device-copy.ts); a page's file list is kept like the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createPage, seedProcess, seedSpace } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';

describe.each(backends)('offline marker on process answers on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;

  beforeAll(async () => {
    t = await createTestApp(backend);
    owner = await t.userClient({ displayName: 'Olga Owner' });
  }, 180_000);
  afterAll(() => t?.close());

  const paths = (spaceId: string, processId: string) => [
    `/api/v1/processes?spaceId=${spaceId}`,
    `/api/v1/processes/${processId}`,
    `/api/v1/processes/${processId}/bpmn`,
    `/api/v1/processes/${processId}/coverage`,
    `/api/v1/processes/${processId}/steps/Task_1/pages`,
  ];

  const markers = async (spaceId: string, processId: string) =>
    Promise.all(
      paths(spaceId, processId).map(async (path) => {
        const res = await owner.get(path);
        expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
        return res.headers['x-stafette-offline'] ?? null;
      }),
    );

  it('marks the process answers of an ordinary space and not those of a strictly confidential one', async () => {
    const plain = await seedSpace(t.database.db, { name: 'Bauaufsicht', owners: [owner] });
    const plainProcess = await seedProcess(t.database.db, plain, 'Rohbauabnahme', ['Task_1']);
    expect(await markers(plain, plainProcess)).toEqual(paths(plain, plainProcess).map(() => 'allowed'));

    const strict = await seedSpace(t.database.db, { name: 'Personalamt', owners: [owner] });
    expect((await owner.patch(`/api/v1/spaces/${strict}`, { classification: 'streng-vertraulich' })).statusCode).toBe(200);
    const strictProcess = await seedProcess(t.database.db, strict, 'Disziplinarverfahren', ['Task_1']);
    expect(await markers(strict, strictProcess)).toEqual(paths(strict, strictProcess).map(() => null));

    // Across all readable spaces: not kept either (it may list strictly confidential ones).
    expect((await owner.get('/api/v1/processes')).headers['x-stafette-offline']).toBeUndefined();
  });

  it('gives the level of each page in the start page lists', async () => {
    const space = await seedSpace(t.database.db, { name: 'Ordnungsamt', owners: [owner] });
    const plain = await createPage(owner, space, 'Sondernutzung beantragen');
    const secret = await createPage(owner, space, 'Anzeige gegen Nachbarn');
    expect((await owner.patch(`/api/v1/pages/${secret}`, { classification: 'streng-vertraulich' })).statusCode).toBe(200);
    for (const list of ['/api/v1/pages/recent', '/api/v1/pages/mine']) {
      const res = await owner.get(list);
      expect(res.statusCode, res.body).toBe(200);
      const levels = Object.fromEntries((res.json() as { id: string; classification: string }[]).map((page) => [page.id, page.classification]));
      expect({ plain: levels[plain], secret: levels[secret] }, list).toEqual({ plain: 'intern', secret: 'streng-vertraulich' });
    }
  });

  it('marks the file list of a page fit for a device unless the page is strictly confidential', async () => {
    const space = await seedSpace(t.database.db, { name: 'Standesamt', owners: [owner] });
    const plain = await createPage(owner, space, 'Eheschließung');
    const secret = await createPage(owner, space, 'Adoptionsakte');
    expect((await owner.patch(`/api/v1/pages/${secret}`, { classification: 'streng-vertraulich' })).statusCode).toBe(200);
    const marker = async (pageId: string) => {
      const res = await owner.get(`/api/v1/pages/${pageId}/attachments`);
      expect(res.statusCode, res.body).toBe(200);
      return res.headers['x-stafette-offline'] ?? null;
    };
    expect({ plain: await marker(plain), secret: await marker(secret) }).toEqual({ plain: 'allowed', secret: null });
  });
});
