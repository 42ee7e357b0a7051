import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestApp, TEST_PASSWORD, type TestApp } from '../support/test-app.ts';

/** Everything the server logs at the most verbose level, as text. */
class LogCapture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

describe('logs', () => {
  const logs = new LogCapture();
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', {}, { logger: { level: 'trace', stream: logs } });
  });
  afterAll(() => t?.close());

  it('never contain a password, session cookie, CSRF token, API token or setup token', async () => {
    const user = await t.createUser();
    const login = await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: TEST_PASSWORD });
    const cookie = login.cookies.find((c) => c.name === 'stafette_session')!.value;
    const csrf = login.json().csrfToken;
    const client = new Client(t.app, { cookie: `stafette_session=${cookie}`, 'x-csrf-token': csrf });
    const token = (await client.post('/api/v1/auth/tokens', { name: 'Skript' })).json().token;
    await new Client(t.app, { authorization: `Bearer ${token}` }).get('/api/v1/auth/me');
    await t.anonymous.post('/api/v1/auth/login', { email: user.email, password: 'ein falsches Passwort' });
    await t.anonymous.get('/api/v1/setup?token=geheimes-setup-token');
    // Spelled as the query parser still reads it as `token`.
    await t.anonymous.get('/api/v1/setup?%74oken=verstecktes-setup-token');
    await t.anonymous.get('/api/v1/setup?a=1&TOKEN=grosses-setup-token');
    await t.anonymous.get('/api/v1/setup?access%5Ftoken=kodiertes-zugangs-token');
    await t.anonymous.post('/api/v1/setup', { token: 'geheimes-setup-token', email: 'x@example.org', password: TEST_PASSWORD, displayName: 'X' });

    expect(logs.text).toContain('/api/v1/auth/login'); // the requests were logged at all
    const spelled = ['verstecktes-setup-token', 'grosses-setup-token', 'kodiertes-zugangs-token'];
    for (const secret of [TEST_PASSWORD, 'ein falsches Passwort', cookie, csrf, token, 'geheimes-setup-token', ...spelled]) {
      expect(logs.text).not.toContain(secret);
    }
  });
});
