import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type Client, type TestApp } from '../support/test-app.ts';
import { importMarkdown, member } from '../support/seed.ts';

/** 8,000 words, different for each prefix (no word of one occurs in the other). */
const paragraph = (prefix: string) => Array.from({ length: 8000 }, (_, i) => `${prefix}${(i * 7919) % 100_003}`).join(' ');

interface DiffJson {
  identical: boolean;
  added: number;
  removed: number;
  coarse: boolean;
  lines: { op: string; text: string; words?: { op: string; text: string }[] }[];
  unified: string;
}

/**
 * Sends the compare request and, until it answers, asks for /health every 100 ms; returns the
 * compare's answer and time and the slowest health answer seen meanwhile.
 */
async function compareWhileProbing(t: TestApp, client: Client, url: string) {
  const started = performance.now();
  let done = false;
  const compare = client.get(url).finally(() => {
    done = true;
  });
  let slowestHealthMs = 0;
  let probes = 0;
  do {
    const asked = performance.now();
    const health = await t.anonymous.get('/api/v1/health');
    expect(health.statusCode).toBe(200);
    slowestHealthMs = Math.max(slowestHealthMs, performance.now() - asked);
    probes++;
    if (!done) await new Promise((r) => setTimeout(r, 100));
  } while (!done);
  const res = await compare;
  return { res, compareMs: performance.now() - started, slowestHealthMs, probes };
}

describe.each(backends)('version diffs are bounded and leave the server responsive on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('two different 8,000-word paragraphs: health answers within 1 s meanwhile, the diff within 10 s and shows the change', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Langer Absatz', `# Regeln\n\n${paragraph('alt')}\n\nEnde`);
    const first = (await client.post(`/api/v1/pages/${pageId}/versions`, { label: 'vorher' })).json();
    expect((await client.put(`/api/v1/pages/${pageId}/content`, { markdown: `# Regeln\n\n${paragraph('neu')}\n\nEnde` })).statusCode).toBe(200);
    const second = (await client.post(`/api/v1/pages/${pageId}/versions`, { label: 'nachher' })).json();

    // A reader (not only an editor) may ask for this diff: the History screen does by itself.
    const { client: reader } = await member(t, 'reader', spaceId);
    for (const against of ['current', second.id]) {
      const { res, compareMs, slowestHealthMs } = await compareWhileProbing(t, reader, `/api/v1/pages/${pageId}/versions/${first.id}/diff?against=${against}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect(slowestHealthMs).toBeLessThan(1000);
      expect(compareMs).toBeLessThan(10_000);
      const diff = res.json() as DiffJson;
      expect(diff).toMatchObject({ identical: false, added: 1, removed: 1, coarse: true });
      expect(diff.lines.map((l) => l.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
      expect(diff.lines[1]!.text).toBe(paragraph('alt'));
      expect(diff.lines[2]!.text).toBe(paragraph('neu'));
      expect(diff.unified).toContain(`+${paragraph('neu')}`);
    }
  });

  it('thousands of changed paragraphs are diffed off the event loop and answer with the change', async () => {
    const lines = (prefix: string) => Array.from({ length: 5000 }, (_, i) => `${prefix} Absatz ${i}`).join('\n\n');
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Viele Absätze', lines('Alter'));
    const first = (await client.post(`/api/v1/pages/${pageId}/versions`, {})).json();
    expect((await client.put(`/api/v1/pages/${pageId}/content`, { markdown: lines('Neuer') })).statusCode).toBe(200);

    const { res, compareMs, slowestHealthMs } = await compareWhileProbing(t, client, `/api/v1/pages/${pageId}/versions/${first.id}/diff`);
    expect(res.statusCode).toBe(200);
    expect(slowestHealthMs).toBeLessThan(1000);
    expect(compareMs).toBeLessThan(10_000);
    const diff = res.json() as DiffJson;
    expect(diff).toMatchObject({ added: 5000, removed: 5000 });
    expect(diff.lines.filter((l) => l.op === 'insert').map((l) => l.text)).toContain('Neuer Absatz 4999');
  });

  it('a small edit keeps its word marks and is not coarse', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const long = Array.from({ length: 3000 }, (_, i) => `wort${i}`).join(' ');
    const pageId = await importMarkdown(client, spaceId, 'Ein Wort', `${long}\n\nGebühr: 10 Euro`);
    const first = (await client.post(`/api/v1/pages/${pageId}/versions`, {})).json();
    await client.put(`/api/v1/pages/${pageId}/content`, { markdown: `${long.replace(' wort1500 ', ' neu ')}\n\nGebühr: 12 Euro` });
    const diff = (await client.get(`/api/v1/pages/${pageId}/versions/${first.id}/diff`)).json() as DiffJson;
    expect(diff.coarse).toBe(false);
    const inserted = diff.lines.filter((l) => l.op === 'insert').map((l) => l.words!.filter((w) => w.op === 'insert').map((w) => w.text));
    expect(inserted).toEqual([['neu'], ['12']]);
  });
});
