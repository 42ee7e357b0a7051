import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { defaultCollabOptions } from '../../server/src/collab/options.ts';
import { defaultContentOptions } from '../../server/src/content/options.ts';
import { defaultInterviewOptions } from '../../server/src/interviews/options.ts';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { seedPage, seedSpace } from '../support/seed.ts';

/**
 * Every tunable is read from the environment once, by loadConfig; the plugins take it from
 * app.config. The variable names and defaults are the ones the README and compose files use.
 */
describe('options in the configuration', () => {
  it('has the documented defaults when no variable is set', () => {
    const config = loadConfig({});
    expect(config.collab).toEqual(defaultCollabOptions);
    expect(config.content).toEqual(defaultContentOptions);
    expect(config.interviews).toEqual(defaultInterviewOptions);
  });

  it('reads the collaboration, content and interview variables', () => {
    const config = loadConfig({
      STAFETTE_COLLAB_UNLOAD_GRACE_MS: '1000',
      STAFETTE_COLLAB_TOKEN_TTL_SECONDS: '60',
      STAFETTE_COLLAB_USER_MESSAGES_PER_SECOND: '300',
      STAFETTE_AUTO_VERSION_INTERVAL_MS: '120000',
      STAFETTE_CONTENT_MAX_BODY_BYTES: '4096',
      STAFETTE_INTERVIEW_RETENTION_DAYS: '30',
      STAFETTE_INTERVIEW_RETENTION_INTERVAL_MS: '0',
    });
    expect(config.collab).toEqual({ ...defaultCollabOptions, unloadGraceMs: 1000, tokenTtlSeconds: 60, userMessagesPerSecond: 300 });
    expect(config.content).toEqual({ ...defaultContentOptions, autoVersionIntervalMs: 120_000, maxBodyBytes: 4096 });
    expect(config.interviews).toEqual({ ...defaultInterviewOptions, retentionDays: 30, retentionIntervalMs: 0 });
  });

  it('refuses to start with a malformed value, naming the variable', () => {
    expect(() => loadConfig({ STAFETTE_COLLAB_FLUSHES_IN_FLIGHT: '0' })).toThrow(/STAFETTE_COLLAB_FLUSHES_IN_FLIGHT/);
    expect(() => loadConfig({ STAFETTE_COLLAB_USER_MAX_SOCKETS: '0' })).toThrow(/STAFETTE_COLLAB_USER_MAX_SOCKETS/);
    expect(() => loadConfig({ STAFETTE_COLLAB_USER_MESSAGE_WINDOW_SECONDS: '0' })).toThrow(/STAFETTE_COLLAB_USER_MESSAGE_WINDOW_SECONDS/);
    expect(() => loadConfig({ STAFETTE_COLLAB_MAX_MESSAGE_BYTES: '1.5' })).toThrow(/STAFETTE_COLLAB_MAX_MESSAGE_BYTES/);
    expect(() => loadConfig({ STAFETTE_AUTO_VERSION_INTERVAL_MS: '0' })).toThrow(/STAFETTE_AUTO_VERSION_INTERVAL_MS/);
    expect(() => loadConfig({ STAFETTE_INTERVIEW_RETENTION_DAYS: 'neunzig' })).toThrow(/STAFETTE_INTERVIEW_RETENTION_DAYS/);
  });
});

describe.each(backends)('a server started with configured options on %s', (backend) => {
  let t: TestApp;
  const env = { STAFETTE_COLLAB_TOKEN_TTL_SECONDS: '60', STAFETTE_CONTENT_MAX_BODY_BYTES: '4096' };

  beforeAll(async () => {
    const { collab, content, interviews } = loadConfig(env);
    // Test overrides go over the configuration; what they leave out stays as configured.
    t = await createTestApp(backend, { collab, content, interviews }, { collab: { unloadGraceMs: 300 } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('keeps both the configured values and the overrides in app.config', () => {
    expect(t.app.config.collab).toMatchObject({ tokenTtlSeconds: 60, unloadGraceMs: 300 });
    expect(t.app.collab.options).toBe(t.app.config.collab);
  });

  it('hands out collaboration tokens for the configured lifetime', async () => {
    const editor = await t.userClient();
    const { pageId } = await seedPage(t.database.db, { space: { editors: [editor] } });
    const before = Date.now();
    const res = await editor.post(`/api/v1/pages/${pageId}/collab-token`);
    const after = Date.now();
    expect(res.statusCode).toBe(201);
    const expiresAt = Date.parse(res.json().expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 60_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + 60_000 + 1000);
  });

  it('refuses imports over the configured body limit', async () => {
    const editor = await t.userClient();
    const spaceId = await seedSpace(t.database.db, { editors: [editor] });
    const small = await editor.post('/api/v1/pages/import', { spaceId, title: 'Kurz', markdown: 'Ein Absatz.' });
    expect(small.statusCode).toBe(201);
    const large = await editor.post('/api/v1/pages/import', { spaceId, title: 'Lang', markdown: 'Absatz. '.repeat(1000) });
    expect(large.statusCode).toBe(413);
    expect(large.json().type).toMatch(/payload-too-large$/);
  });
});
