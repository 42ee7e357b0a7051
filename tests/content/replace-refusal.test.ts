import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { partialRequest } from '../support/partial-request.ts';
import { seedPage } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';

const MB = 1024 * 1024;

/**
 * Replacing a page body takes up to 5 MB of JSON: callers who may not edit the page are answered
 * on the request head, before that body is read and parsed.
 */
describe.each(backends)('page body replacement refused before its body on %s', (backend) => {
  let t: TestApp;
  let port: number;
  let editor: UserClient, reader: UserClient, stranger: UserClient;
  let pageId: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    [editor, reader, stranger] = [await t.userClient(), await t.userClient(), await t.userClient()];
    ({ pageId } = await seedPage(t.database.db, { title: 'Gebührenordnung', space: { editors: [editor], readers: [reader] } }));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  const replace = (client: UserClient, length: number) =>
    partialRequest(port, 'PUT', `/api/v1/pages/${pageId}/content`, { ...client.headers, 'content-type': 'application/json' }, length);

  it('answers non-members and readers on the request head, and reads an editor’s body', async () => {
    for (const [client, status, slug] of [
      [stranger, 404, 'not-found'],
      [reader, 403, 'forbidden'],
    ] as const) {
      // Announces 4 MB and sends none of it.
      const answer = await replace(client, 4 * MB).answer;
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body).type).toBe(`urn:stafette:problem:${slug}`);
      expect(answer.body).not.toContain('Gebührenordnung');
    }
    const body = Buffer.from(JSON.stringify({ markdown: 'Gebühren werden **monatlich** erhoben.' }));
    const allowed = replace(editor, body.length);
    await allowed.send(body);
    const answer = await allowed.answer;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).changed).toBe(true);
  });
});
