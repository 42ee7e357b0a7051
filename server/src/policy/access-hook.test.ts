import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Auth, Role } from '../auth/auth.ts';
import { errorsPlugin } from '../http/errors.ts';
import { accessHookPlugin } from './access-hook.ts';
import { grantOf } from './route-access.ts';

/**
 * The access hook without a database: instance-role checks, the fail-closed default and what a
 * handler sees. Resource checks (pages, spaces, processes, interviews) run against a real
 * database in tests/policy/matrix.test.ts.
 */

function authAs(role: Role): Auth {
  return {
    user: { id: '00000000-0000-4000-8000-000000000001', email: `${role}@example.org`, displayName: role, role, active: true, locale: 'de' },
    via: 'token',
    sessionId: null,
    csrfToken: null,
    tokenId: null,
    readOnly: false,
  };
}

let app: FastifyInstance;
const ran: string[] = [];

async function build(register: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  app = Fastify();
  await app.register(errorsPlugin);
  app.decorateRequest('auth', null);
  // Stands in for the auth plugin: the role comes from a header.
  app.addHook('onRequest', async (request) => {
    const role = request.headers['x-role'];
    request.auth = typeof role === 'string' ? authAs(role as Role) : null;
  });
  await app.register(accessHookPlugin);
  register(app);
  await app.ready();
  return app;
}

afterEach(async () => {
  ran.length = 0;
  await app?.close();
});

describe('the access hook', () => {
  it('refuses an API route that declares neither access nor public, before its handler runs', async () => {
    await build((a) => a.get('/api/v1/forgotten', async () => (ran.push('forgotten'), { ok: true })));
    const res = await app.inject({ method: 'GET', url: '/api/v1/forgotten', headers: { 'x-role': 'admin' } });
    expect(res.statusCode).toBe(500);
    expect(res.json().type).toBe('urn:stafette:problem:internal-error');
    expect(ran).toEqual([]);
  });

  it('leaves routes outside the API (the client files) and public routes alone', async () => {
    await build((a) => {
      a.get('/index.html', async () => 'client');
      a.get('/api/v1/health', { config: { public: true } }, async () => ({ ok: true }));
    });
    expect((await app.inject({ method: 'GET', url: '/index.html' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
  });

  it('refuses an instance action to a role that does not hold it with 403 problem+json, and lets holders through', async () => {
    await build((a) => a.get('/api/v1/audit', { config: { access: { resource: 'instance', action: 'audit.read' } } }, async () => (ran.push('audit'), [])));
    const refused = await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { 'x-role': 'knowledge_manager' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ type: 'urn:stafette:problem:forbidden', detail: 'Only administrators may do this.' });
    expect(ran).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/v1/audit', headers: { 'x-role': 'admin' } })).statusCode).toBe(200);
    expect(ran).toEqual(['audit']);
  });

  it('picks the action from the request when the route says so', async () => {
    await build((a) =>
      a.patch(
        '/api/v1/users/:id',
        {
          config: {
            access: {
              resource: 'instance',
              action: (request) => (Object.keys(request.body as object).every((k) => k === 'plannedDepartureDate') ? 'users.setDeparture' : 'users.update'),
            },
          },
        },
        async () => ({ ok: true }),
      ),
    );
    const asManager = (body: object) => app.inject({ method: 'PATCH', url: '/api/v1/users/x', headers: { 'x-role': 'knowledge_manager' }, payload: body });
    expect((await asManager({ plannedDepartureDate: '2031-01-31' })).statusCode).toBe(200);
    expect((await asManager({ role: 'admin' })).statusCode).toBe(403);
  });

  it('gives signed-in routes no grants, so a handler reading one it did not declare fails loudly', async () => {
    await build((a) => a.get('/api/v1/mine', { config: { access: 'signed-in' } }, async (request) => grantOf(request, 'page').page.id));
    const res = await app.inject({ method: 'GET', url: '/api/v1/mine', headers: { 'x-role': 'user' } });
    expect(res.statusCode).toBe(500);
  });
});
