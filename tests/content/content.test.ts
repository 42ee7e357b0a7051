import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownToJSON } from '@stafette/schema';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { importMarkdown, member } from '../support/seed.ts';
import { contentTimers, exportMarkdown } from '../support/content.ts';

const RICH = `# Wohngeld beantragen

Einleitung mit **fett**, *kursiv*, ~~gestrichen~~, \`Code\` und einem [Link](https://www.bund.de/wohngeld).

## Unterlagen

- Personalausweis
- Mietvertrag
  - mit Nebenkosten

1. Antrag ausfüllen
2. Einreichen

### Checkliste

- [x] Formular geladen
- [ ] Einkommensnachweis

| Haushalt | Betrag |
| --- | --- |
| 1 Person | 300 € |
| 2 Personen | 400 € |

> Hinweis: Fristen beachten.

\`\`\`text
Aktenzeichen 12/345
\`\`\`
`;

describe.each(backends)('page content over REST on %s', (backend) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp(backend, {}, contentTimers());
  });
  afterAll(() => t?.close());

  it('Markdown → page → Markdown keeps headings, lists, tables, links and task items', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Wohngeld', RICH);
    const exported = await exportMarkdown(client, pageId);
    expect(markdownToJSON(exported)).toEqual(markdownToJSON(RICH));
    expect(exported).toContain('# Wohngeld beantragen');
    expect(exported).toContain('### Checkliste');
    expect(exported).toContain('- [x] Formular geladen');
    expect(exported).toContain('- [ ] Einkommensnachweis');
    expect(exported).toContain('| 2 Personen | 400 € |');
    expect(exported).toContain('[Link](https://www.bund.de/wohngeld)');
    expect(exported).toContain('  - mit Nebenkosten');
    expect(exported).toContain('2. Einreichen');
    expect(exported).toContain('~~gestrichen~~');
  });

  it('import writes derived content before answering: GET shows the doc, the row has text and headings', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const res = await client.post('/api/v1/pages/import', { spaceId, title: 'Wohngeld', markdown: RICH });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ spaceId, parentId: null, title: 'Wohngeld' });
    expect(created.doc).toEqual(markdownToJSON(RICH));

    const page = await client.get(`/api/v1/pages/${created.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().doc).toEqual(markdownToJSON(RICH));

    const row = await t.database.db.selectFrom('pages').select(['text', 'headings', 'content_updated_at']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(row.text).toContain('Personalausweis');
    expect(row.text).toContain('Aktenzeichen 12/345');
    expect(row.headings).toEqual([
      { level: 1, text: 'Wohngeld beantragen' },
      { level: 2, text: 'Unterlagen' },
      { level: 3, text: 'Checkliste' },
    ]);
    expect(row.content_updated_at).toBeInstanceOf(Date);

    // Queued for search in the import's transaction; the indexer picks it up from there.
    await expect
      .poll(async () => (await t.database.db.selectFrom('search_documents').select('title').where('page_id', '=', created.id).executeTakeFirst())?.title, { timeout: 20_000 })
      .toBe('Wohngeld');
    const contributors = await t.database.db.selectFrom('page_contributors').selectAll().where('page_id', '=', created.id).execute();
    expect(contributors).toMatchObject([{ user_id: client.user.id, edit_count: 1 }]);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'actor_id', 'detail']).where('target_id', '=', created.id).execute();
    expect(audit).toMatchObject([{ action: 'page.create', actor_id: client.user.id, detail: { source: 'markdown-import' } }]);
  });

  it('import below a parent places the page in the tree; a new plain page has an empty doc', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const parent = await client.post('/api/v1/pages', { spaceId, title: 'Eltern' });
    expect(parent.json().doc).toEqual({ type: 'doc', content: [{ type: 'paragraph' }] });
    const res = await client.post('/api/v1/pages/import', { spaceId, parentId: parent.json().id, title: 'Kind', markdown: 'Text' });
    expect(res.statusCode).toBe(201);
    expect(res.json().parentId).toBe(parent.json().id);
    const tree = (await client.get(`/api/v1/spaces/${spaceId}/tree`)).json();
    expect(JSON.stringify(tree)).toContain('Kind');
  });

  it('PUT content with Markdown or ProseMirror JSON replaces the body and derives before answering', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Seite', '# Alt\n\nAlter Text');
    const md = await client.put(`/api/v1/pages/${pageId}/content`, { markdown: '# Neu\n\nNeuer Text' });
    expect(md.statusCode).toBe(200);
    expect(md.json()).toMatchObject({ id: pageId, changed: true, headings: [{ level: 1, text: 'Neu' }] });
    expect((await client.get(`/api/v1/pages/${pageId}`)).json().doc).toEqual(markdownToJSON('# Neu\n\nNeuer Text'));

    const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Aus JSON', marks: [{ type: 'strong' }] }] }] };
    const js = await client.put(`/api/v1/pages/${pageId}/content`, { doc });
    expect(js.statusCode).toBe(200);
    expect(js.json().doc).toEqual(doc);
    expect(await exportMarkdown(client, pageId)).toBe('**Aus JSON**');
    const row = await t.database.db.selectFrom('pages').select(['text', 'updated_by']).where('id', '=', pageId).executeTakeFirstOrThrow();
    expect(row).toEqual({ text: 'Aus JSON', updated_by: client.user.id });

    const same = await client.put(`/api/v1/pages/${pageId}/content`, { doc });
    expect(same.json().changed).toBe(false);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_id', '=', pageId).where('action', '=', 'page.content.replace').execute();
    expect(audit).toHaveLength(2);
    const contributors = await t.database.db.selectFrom('page_contributors').select('edit_count').where('page_id', '=', pageId).executeTakeFirstOrThrow();
    expect(contributors.edit_count).toBe(3);
  });

  it('bad content is refused with a problem and changes nothing', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const pageId = await importMarkdown(client, spaceId, 'Seite', 'Bleibt');
    const cases: [Record<string, unknown>, number, string][] = [
      [{}, 400, 'validation-failed'],
      [{ markdown: 'a', doc: { type: 'doc', content: [] } }, 400, 'validation-failed'],
      [{ doc: { type: 'doc', content: [{ type: 'heading', attrs: { level: 9 }, content: [{ type: 'text', text: 'x' }] }] } }, 422, 'invalid-document'],
      [{ doc: { type: 'doc', content: [{ type: 'script', content: [] }] } }, 422, 'invalid-document'],
      [{ doc: { type: 'paragraph' } }, 422, 'invalid-document'],
      [{ markdown: 42 }, 400, 'validation-failed'],
      [{ markdown: 'x', extra: true }, 400, 'validation-failed'],
    ];
    for (const [body, status, type] of cases) {
      const res = await client.put(`/api/v1/pages/${pageId}/content`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().type).toBe(`urn:stafette:problem:${type}`);
    }
    expect(await exportMarkdown(client, pageId)).toBe('Bleibt');
  });

  it('only editors change content; readers read and export; strangers see nothing', async () => {
    const { client: editor, spaceId } = await member(t, 'editor');
    const { client: reader } = await member(t, 'reader', spaceId);
    const stranger = await t.userClient();
    const pageId = await importMarkdown(editor, spaceId, 'Seite', 'Inhalt');

    expect((await reader.put(`/api/v1/pages/${pageId}/content`, { markdown: 'x' })).statusCode).toBe(403);
    expect((await reader.post('/api/v1/pages/import', { spaceId, title: 'x', markdown: 'x' })).statusCode).toBe(403);
    expect((await reader.get(`/api/v1/pages/${pageId}/export`)).statusCode).toBe(200);
    expect((await reader.get(`/api/v1/pages/${pageId}/backlinks`)).statusCode).toBe(200);

    expect((await stranger.put(`/api/v1/pages/${pageId}/content`, { markdown: 'x' })).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/pages/${pageId}/export`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/pages/${pageId}/backlinks`)).statusCode).toBe(404);
    expect((await stranger.post('/api/v1/pages/import', { spaceId, title: 'x', markdown: 'x' })).statusCode).toBe(404);
    expect((await t.anonymous.get(`/api/v1/pages/${pageId}/export`)).statusCode).toBe(401);

    // Archived: readable, not changeable (owners are told to restore first).
    const { client: owner } = await member(t, 'owner', spaceId);
    expect((await editor.post(`/api/v1/pages/${pageId}/archive`, {})).statusCode).toBe(200);
    expect((await editor.put(`/api/v1/pages/${pageId}/content`, { markdown: 'x' })).statusCode).toBe(403);
    const archived = await owner.put(`/api/v1/pages/${pageId}/content`, { markdown: 'x' });
    expect(archived.statusCode).toBe(409);
    expect(archived.json().type).toBe('urn:stafette:problem:page-archived');
    expect(await exportMarkdown(editor, pageId)).toBe('Inhalt');
  });

  it('exports Markdown and sanitised HTML named after the title', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const title = 'Gebühren: Übersicht/2024 "neu"';
    const pageId = await importMarkdown(client, spaceId, title, '# Gebühren\n\n<script>alert(1)</script>\n\n[böse](javascript:alert(1))');
    const md = await client.get(`/api/v1/pages/${pageId}/export?format=markdown`);
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.headers['content-disposition']).toBe(
      `attachment; filename="Gebuhren_ Ubersicht_2024 _neu_.md"; filename*=UTF-8''${encodeURIComponent('Gebühren_ Übersicht_2024 _neu_.md')}`,
    );
    const html = await client.get(`/api/v1/pages/${pageId}/export?format=html`);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(html.headers['content-disposition']).toContain('.html');
    expect(html.body).toContain('<title>Gebühren: Übersicht/2024 &quot;neu&quot;</title>');
    expect(html.body).toContain('<h1>Gebühren</h1>');
    expect(html.body).toContain('&lt;script&gt;');
    expect(html.body).not.toContain('<script>');
    expect(html.body).not.toContain('href="javascript:');
    expect((await client.get(`/api/v1/pages/${pageId}/export?format=rtf`)).statusCode).toBe(400);
  });

  it('backlinks list readable live pages that link here, kept current as bodies change', async () => {
    const { client, spaceId } = await member(t, 'editor');
    const target = await importMarkdown(client, spaceId, 'Ziel', 'Ziel');
    const a = await importMarkdown(client, spaceId, 'A verlinkt', `Siehe [Ziel](/pages/${target}) und [nochmal](/pages/${target}).`);
    const b = await importMarkdown(client, spaceId, 'B verlinkt', `Auch [hier](/pages/${target}); Schritt [Prüfen](/processes/0b6f1f2e-1c7e-4d5e-9f3a-2b1c0d9e8f7a/steps/Task_1).`);
    const other = await member(t, 'editor');
    await importMarkdown(other.client, other.spaceId, 'Fremd', `[x](/pages/${target})`);

    const list = async () => (await client.get(`/api/v1/pages/${target}/backlinks`)).json().map((p: { title: string }) => p.title);
    expect(await list()).toEqual(['A verlinkt', 'B verlinkt']);

    const steps = await t.database.db.selectFrom('page_step_links').selectAll().where('page_id', '=', b).execute();
    expect(steps).toEqual([{ page_id: b, process_id: '0b6f1f2e-1c7e-4d5e-9f3a-2b1c0d9e8f7a', element_id: 'Task_1' }]);

    await client.put(`/api/v1/pages/${a}/content`, { markdown: 'Kein Link mehr' });
    expect(await list()).toEqual(['B verlinkt']);
    await client.post(`/api/v1/pages/${b}/archive`, {});
    expect(await list()).toEqual([]);
  });
});
