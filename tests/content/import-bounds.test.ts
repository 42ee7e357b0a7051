import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToJSON, type PMNodeJSON } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import { createTestApp, type Client, type TestApp } from '../support/test-app.ts';
import { importMarkdown, member } from '../support/seed.ts';
import { logSeqs } from '../support/content.ts';

const TOO_COMPLEX = 'urn:stafette:problem:content-too-complex';

/** 300,000 fuzzy autolinks, 2.7 MB: minutes of parsing on the event loop before. */
const AUTOLINKS = 'www.a.de '.repeat(300_000);
/** A 1 MB table of 5,000 columns: a million cells. */
const WIDE_TABLE = (() => {
  const cols = 5000;
  const rows = [`|${'a|'.repeat(cols)}`, `|${'-|'.repeat(cols)}`];
  for (let size = 0; size < 1_000_000; size += cols * 2) rows.push(`|${'x|'.repeat(cols)}`);
  return rows.join('\n');
})();

/**
 * Sends `request` and, until it answers, asks for /health every 100 ms; returns its answer and
 * time and the slowest health answer seen meanwhile.
 */
async function whileProbing(t: TestApp, request: () => ReturnType<Client['get']>) {
  const started = performance.now();
  let done = false;
  const pending = request().finally(() => {
    done = true;
  });
  let slowestHealthMs = 0;
  do {
    const asked = performance.now();
    const health = await t.anonymous.get('/api/v1/health');
    expect(health.statusCode).toBe(200);
    slowestHealthMs = Math.max(slowestHealthMs, performance.now() - asked);
    if (!done) await new Promise((r) => setTimeout(r, 100));
  } while (!done);
  const res = await pending;
  return { res, ms: performance.now() - started, slowestHealthMs };
}

async function pageTitles(t: TestApp, spaceId: string): Promise<string[]> {
  const rows = await t.database.db.selectFrom('pages').select('title').where('space_id', '=', spaceId).orderBy('title').execute();
  return rows.map((r) => r.title);
}

/** A doc of `n` paragraphs, each nested `depth` blockquotes deep. */
function docJSON(paragraphs: number, depth = 0): PMNodeJSON {
  let block: PMNodeJSON = { type: 'paragraph', content: [{ type: 'text', text: 'Absatz' }] };
  for (let i = 0; i < depth; i++) block = { type: 'blockquote', content: [block] };
  return { type: 'doc', content: Array.from({ length: paragraphs }, () => block) };
}

describe.each(backends)('Markdown and JSON bodies are bounded and converted off the event loop on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('2.7 MB of autolinks: health answers within 1 s meanwhile, the import ends within 15 s with content-too-complex and stores nothing', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const { res, ms, slowestHealthMs } = await whileProbing(t, () => client.post('/api/v1/pages/import', { spaceId, title: 'Linkliste', markdown: AUTOLINKS }));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: TOO_COMPLEX, status: 422 });
    expect(res.json().detail).toMatch(/100,000 elements/);
    expect(slowestHealthMs).toBeLessThan(1000);
    expect(ms).toBeLessThan(15_000);
    expect(await pageTitles(t, spaceId)).toEqual([]);
  });

  it('the same Markdown as PUT content and a million-cell table are refused the same way; the page keeps its body and log', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Bleibt', '# Bleibt\n\nSo wie es ist.');
    const seqs = await logSeqs(t.database.db, pageId);
    for (const markdown of [AUTOLINKS, WIDE_TABLE]) {
      const { res, ms, slowestHealthMs } = await whileProbing(t, () => client.put(`/api/v1/pages/${pageId}/content`, { markdown }));
      expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
      expect(res.json().type).toBe(TOO_COMPLEX);
      expect(slowestHealthMs).toBeLessThan(1000);
      expect(ms).toBeLessThan(15_000);
    }
    expect(await logSeqs(t.database.db, pageId)).toEqual(seqs);
    const body = (await client.get(`/api/v1/pages/${pageId}`)).json().doc;
    expect(body).toEqual(markdownToJSON('# Bleibt\n\nSo wie es ist.'));
  });

  it('PUT content with ProseMirror JSON past the element or nesting bound: content-too-complex, not a crash', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Json', 'Vorher');
    // 50,001 paragraphs of one text node each: 100,003 elements.
    const many = await client.put(`/api/v1/pages/${pageId}/content`, { doc: docJSON(50_001) });
    expect(many.statusCode, many.body.slice(0, 300)).toBe(422);
    expect(many.json().type).toBe(TOO_COMPLEX);
    // Written out by hand: JSON.stringify (and structured clone) overflow on 5,000 levels.
    const deepJSON = `{"doc":{"type":"doc","content":[${'{"type":"blockquote","content":['.repeat(5000)}{"type":"paragraph"}${']}'.repeat(5000)}]}}`;
    const deep = await client.put(`/api/v1/pages/${pageId}/content`, deepJSON, { headers: { 'content-type': 'application/json' } });
    expect(deep.statusCode, deep.body.slice(0, 300)).toBe(422);
    expect(deep.json()).toMatchObject({ type: TOO_COMPLEX, detail: expect.stringMatching(/deeper than 128 levels/) });
    // Within the bounds, JSON still replaces the body.
    const fine = await client.put(`/api/v1/pages/${pageId}/content`, { doc: docJSON(3, 2) });
    expect(fine.statusCode).toBe(200);
    expect(fine.json().doc).toEqual(docJSON(3, 2));
    const invalid = await client.put(`/api/v1/pages/${pageId}/content`, { doc: { type: 'doc', content: [{ type: 'nope' }] } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().type).toBe('urn:stafette:problem:invalid-document');
  });

  it('a normal import is unchanged, and 10,000 autolinks (within the bound) are stored as links', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const markdown = '# Antrag\n\n- [ ] Formular\n- [x] Nachweis\n\n| Gebühr | Frist |\n| --- | --- |\n| 10 € | 2 Wochen |\n\nSiehe www.example.de und [Amt](https://amt.example.org).';
    const res = await client.post('/api/v1/pages/import', { spaceId, title: 'Antrag', markdown });
    expect(res.statusCode).toBe(201);
    expect(res.json().doc).toEqual(markdownToJSON(markdown));
    expect((await client.get(`/api/v1/pages/${res.json().id}/export?format=markdown`)).body).toContain('[Amt](https://amt.example.org)');

    const links = 'www.a.de '.repeat(10_000);
    const linked = await client.post('/api/v1/pages/import', { spaceId, title: 'Links', markdown: links });
    expect(linked.statusCode, linked.body.slice(0, 300)).toBe(201);
    const inline = (linked.json().doc as PMNodeJSON).content![0]!.content!;
    expect(inline.filter((n) => n.marks?.[0]?.type === 'link')).toHaveLength(10_000);
  });

  it('two replacements of one page at once leave one body, not both', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Doppelt', 'Alt');
    const markdown = Array.from({ length: 200 }, (_, i) => `Absatz ${i}`).join('\n\n');
    const answers = await Promise.all([client.put(`/api/v1/pages/${pageId}/content`, { markdown }), client.put(`/api/v1/pages/${pageId}/content`, { markdown })]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers.map((a) => a.json().changed).sort()).toEqual([false, true]);
    expect((await client.get(`/api/v1/pages/${pageId}`)).json().doc).toEqual(markdownToJSON(markdown));
  });
});

describe.each(backends)('a conversion past its deadline on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend, {}, { content: { convertTimeoutMs: 200 } });
  });
  afterAll(() => t?.close());

  it('ends its worker and answers content-too-complex; the next import works', async () => {
    const { client, spaceId } = await member(t, 'editor');
    // 2 MB of "[": one text node, but seconds of link-label scanning.
    const res = await client.post('/api/v1/pages/import', { spaceId, title: 'Klammern', markdown: '['.repeat(2_000_000) });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(422);
    expect(res.json()).toMatchObject({ type: TOO_COMPLEX, detail: expect.stringMatching(/within 0.2 s/) });
    expect(await pageTitles(t, spaceId)).toEqual([]);
    expect(await importMarkdown(client, spaceId, 'Klein', 'Kurz.')).toBeTruthy();
  });
});
