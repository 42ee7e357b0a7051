import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_LIMITS } from '../../server/src/exports/limits.ts';
import { backends } from '../support/databases.ts';
import { createPage, seedSpace } from '../support/seed.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { createTestApp } from '../support/test-app.ts';

// The bounds of a print export answer as problems: too many pages or elements, a PDF out of time.
// The limits are lowered in this process (the app under test shares the module).
describe.each(backends.slice(-1))('print export bounds on %s', (backend) => {
  let t: TestApp;
  let owner: UserClient;
  let rootId: string;
  const defaults = { ...EXPORT_LIMITS };

  beforeAll(async () => {
    t = await createTestApp(backend);
    owner = await t.userClient();
    const spaceId = await seedSpace(t.database.db, { name: 'Kämmerei', owners: [owner] });
    rootId = await createPage(owner, spaceId, 'Haushalt');
    for (const title of ['Ergebnishaushalt', 'Finanzhaushalt']) {
      const id = await createPage(owner, spaceId, title, rootId);
      expect((await owner.put(`/api/v1/pages/${id}/content`, { markdown: `- ${title}\n- Planansatz\n- Ergebnis\n` })).statusCode).toBe(200);
    }
  }, 60_000);
  afterEach(() => Object.assign(EXPORT_LIMITS, defaults));
  afterAll(() => t?.close());

  it('refuses a subtree with more pages or elements than one document holds (413 export-too-large)', async () => {
    EXPORT_LIMITS.maxPages = 2;
    const pages = await owner.get(`/api/v1/pages/${rootId}/export?format=odt&subtree=true`);
    expect(pages.statusCode).toBe(413);
    expect(pages.headers['content-type']).toContain('application/problem+json');
    expect(pages.json().type).toBe('urn:stafette:problem:export-too-large');
    expect(pages.json().detail).toContain('at most 2');
    // The page alone still fits.
    expect((await owner.get(`/api/v1/pages/${rootId}/export?format=odt`)).statusCode).toBe(200);

    Object.assign(EXPORT_LIMITS, defaults, { maxElements: 10 });
    const elements = await owner.get(`/api/v1/pages/${rootId}/export?format=docx&subtree=true`);
    expect(elements.statusCode).toBe(413);
    expect(elements.json().type).toBe('urn:stafette:problem:export-too-large');
  });

  it('answers 503 export-unavailable when the PDF is not printed in time', async () => {
    EXPORT_LIMITS.pdfTimeoutMs = 1;
    const res = await owner.get(`/api/v1/pages/${rootId}/export?format=pdf&subtree=true`);
    expect(res.statusCode).toBe(503);
    expect(res.json().type).toBe('urn:stafette:problem:export-unavailable');
    expect(res.json().detail).toContain('longer than');
    Object.assign(EXPORT_LIMITS, defaults);
    // The printer recovers for the next export.
    const next = await owner.get(`/api/v1/pages/${rootId}/export?format=pdf&subtree=true`);
    expect(next.statusCode).toBe(200);
    expect(next.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);
});
