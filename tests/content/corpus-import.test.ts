import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docToHeadings, markdownToJSON } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { member } from '../support/seed.ts';
import { contentTimers, exportMarkdown } from '../support/content.ts';

interface CorpusDoc {
  id: string;
  title: string;
  body: string;
}

const corpus: CorpusDoc[] = fs
  .readFileSync(new URL('../fixtures/corpus-de/docs.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line));

describe.each(backends)('Markdown import of the German corpus on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend, {}, contentTimers());
  });
  afterAll(() => t?.close());

  it(`imports all ${corpus.length} documents: long titles, tables, h5/h6, duplicate titles`, async () => {
    const { client, spaceId } = await member(t, 'editor');
    const ids = new Map<string, string>();
    const started = performance.now();
    for (const doc of corpus) {
      const res = await client.post('/api/v1/pages/import', { spaceId, title: doc.title, markdown: doc.body });
      expect(res.statusCode, `${doc.id}: ${res.body.slice(0, 300)}`).toBe(201);
      ids.set(doc.id, res.json().id);
    }
    const seconds = (performance.now() - started) / 1000;
    console.info(`corpus import on ${backend}: ${corpus.length} documents, ${(corpus.reduce((n, d) => n + d.body.length, 0) / 1e6).toFixed(2)} MB in ${seconds.toFixed(1)} s`);

    const rows = await t.database.db.selectFrom('pages').select(['id', 'title', 'headings', 'text']).where('space_id', '=', spaceId).execute();
    expect(rows).toHaveLength(corpus.length);
    const byId = new Map(rows.map((r) => [r.id, r]));

    // Titles up to 305 characters are kept whole.
    const longest = corpus.reduce((a, b) => ([...b.title].length > [...a.title].length ? b : a));
    expect([...longest.title].length).toBeGreaterThanOrEqual(300);
    expect(byId.get(ids.get(longest.id)!)!.title).toBe(longest.title);

    // Duplicate titles become separate pages.
    const byTitle = new Map<string, CorpusDoc[]>();
    for (const d of corpus) byTitle.set(d.title, [...(byTitle.get(d.title) ?? []), d]);
    const duplicates = [...byTitle.values()].filter((g) => g.length > 1);
    expect(duplicates.length).toBeGreaterThan(0);
    for (const group of duplicates) expect(new Set(group.map((d) => ids.get(d.id))).size).toBe(group.length);

    // h5/h6 arrive as level-4 headings; every page's headings match its Markdown.
    const deep = corpus.find((d) => /^#{5,6} /m.test(d.body))!;
    expect(deep).toBeTruthy();
    const deepHeadings = byId.get(ids.get(deep.id)!)!.headings;
    expect(deepHeadings.some((h) => h.level === 4)).toBe(true);
    expect(Math.max(...deepHeadings.map((h) => h.level))).toBe(4);
    for (const d of corpus) expect(byId.get(ids.get(d.id)!)!.headings, d.id).toEqual(docToHeadings(markdownToJSON(d.body)));

    // Tables become table nodes and come back as pipe tables.
    const table = corpus.find((d) => /^\|.*\|\s*$/m.test(d.body) && /^\|\s*-{3}/m.test(d.body))!;
    const page = (await client.get(`/api/v1/pages/${ids.get(table.id)}`)).json();
    expect(JSON.stringify(page.doc)).toContain('"table_header"');
    expect(markdownToJSON(await exportMarkdown(client, ids.get(table.id)!))).toEqual(markdownToJSON(table.body));
    // Sequential imports of 1.7 MB on a shared 2-core machine: generous, it guards against a hang.
  }, 600_000);

  it('a document of several hundred KB imports and exports whole', async () => {
    const { client, spaceId } = await member(t, 'editor');
    let markdown = '';
    for (const doc of corpus) {
      if (markdown.length > 600_000) break;
      markdown += `# ${doc.title}\n\n${doc.body}\n\n`;
    }
    const res = await client.post('/api/v1/pages/import', { spaceId, title: 'Sammelband', markdown });
    expect(res.statusCode).toBe(201);
    expect(markdownToJSON(await exportMarkdown(client, res.json().id))).toEqual(markdownToJSON(markdown));

    const tooBig = await client.post('/api/v1/pages/import', { spaceId, title: 'Zu groß', markdown: 'x'.repeat(6 * 1024 * 1024) });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().type).toBe('urn:stafette:problem:payload-too-large');
  });
});
