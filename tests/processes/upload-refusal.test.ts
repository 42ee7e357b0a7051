import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { partialRequest } from '../support/partial-request.ts';
import { seedProcess, seedSpace } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';
import { importXml, linearModel } from '../support/processes.ts';

const MB = 1024 * 1024;

/** A BPMN upload over a real socket, its body sent in parts by the test. */
const upload = (port: number, path: string, headers: Record<string, string>, length: number) =>
  partialRequest(port, 'POST', path, { ...headers, 'content-type': 'application/xml' }, length);

/** A model padded with trailing blanks to `size` bytes (still one valid BPMN file). */
function paddedModel(size: number): Buffer {
  const xml = Buffer.from(linearModel({ name: 'Großes Modell', taskIds: ['Pruefen'] }));
  return Buffer.concat([xml, Buffer.alloc(size - xml.length, 0x20)]);
}

/**
 * Uploads (import, new version) are refused before their body is read: a caller who may not
 * upload there is answered on the request head alone, so nobody gets to send 20 MB first. The
 * check runs again once the body is in, so an upload outlasting a change of role is refused too.
 */
describe.each(backends)('BPMN uploads refused before their body on %s', (backend) => {
  let t: TestApp;
  let port: number;
  let owner: UserClient, editor: UserClient, reader: UserClient, stranger: UserClient;
  let spaceId: string;
  let archivedSpaceId: string;
  let processId: string;
  const processCount = async () => Number((await t.database.db.selectFrom('processes').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await createTestApp(backend);
    [owner, editor, reader, stranger] = [await t.userClient(), await t.userClient(), await t.userClient(), await t.userClient()];
    spaceId = await seedSpace(t.database.db, { name: 'Bauamt', owners: [owner], editors: [editor], readers: [reader] });
    archivedSpaceId = await seedSpace(t.database.db, { name: 'Aufgelöstes Amt', owners: [owner], archived: true });
    processId = await seedProcess(t.database.db, spaceId, 'Baugenehmigung', ['Pruefen']);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('answers callers who may not upload on the request head, never reading their file', async () => {
    const cases: [UserClient, string, number, string][] = [
      [stranger, `/api/v1/processes/import?spaceId=${spaceId}`, 404, 'not-found'],
      [reader, `/api/v1/processes/import?spaceId=${spaceId}`, 403, 'forbidden'],
      [editor, `/api/v1/processes/import?spaceId=${spaceId}`, 403, 'forbidden'],
      [owner, `/api/v1/processes/import?spaceId=${archivedSpaceId}`, 409, 'process-archived'],
      [stranger, `/api/v1/processes/${processId}/versions`, 404, 'not-found'],
      [editor, `/api/v1/processes/${processId}/versions`, 403, 'forbidden'],
    ];
    const before = await processCount();
    for (const [client, path, status, slug] of cases) {
      // Announces 10 MB and sends none of it.
      const { status: got, body } = await upload(port, path, client.headers, 10 * MB).answer;
      expect({ path, got }).toEqual({ path, got: status });
      expect(JSON.parse(body).type).toBe(`urn:stafette:problem:${slug}`);
      expect(body).not.toContain('Baugenehmigung');
    }
    expect(await processCount()).toBe(before);
  });

  it('reads the file of a caller who may upload, and refuses it when their role went while it was sent', async () => {
    const size = 18 * MB;
    const allowed = upload(port, `/api/v1/processes/import?spaceId=${spaceId}`, owner.headers, size);
    await allowed.send(paddedModel(size));
    expect((await allowed.answer).status).toBe(201);

    const before = await processCount();
    const demoted = upload(port, `/api/v1/processes/${processId}/versions`, owner.headers, size);
    const file = paddedModel(size);
    // More than socket buffers hold: once it is sent, the server is reading the body, past the early check.
    await demoted.send(file.subarray(0, 16 * MB));
    await t.database.db.updateTable('space_members').set({ role: 'reader' }).where('space_id', '=', spaceId).where('user_id', '=', owner.user.id).execute();
    await demoted.send(file.subarray(16 * MB));
    const answer = await demoted.answer;
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).type).toBe('urn:stafette:problem:forbidden');
    expect(await processCount()).toBe(before);
    expect((await owner.get(`/api/v1/processes/${processId}/versions`)).json()).toHaveLength(1);
  });

  it('leaves a malformed id to validation, as before the early check', async () => {
    const res = await importXml(stranger, 'kein-uuid', linearModel({ taskIds: ['A'] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().type).toBe('urn:stafette:problem:validation-failed');
  });
});
