import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import type { TestApp, UserClient } from '../support/test-app.ts';
import { importMarkdown, seedSpace } from '../support/seed.ts';
import { createFilesApp, html, pdf, png, upload } from '../files/samples.ts';

/**
 * Files on the public portal: a raster image in a published page is shown, other files of a
 * published page are offered only as sandboxed downloads, and nothing of an unpublished page
 * (nor a deleted file) can be fetched.
 */
describe.each(backends)('portal files on %s', (backend) => {
  let t: TestApp & { dataDir: string };
  let owner: UserClient;
  let pageId: string;
  let hiddenPage: string;
  const ids: Record<'image' | 'form' | 'markup' | 'hiddenImage' | 'deleted', string> = { image: '', form: '', markup: '', hiddenImage: '', deleted: '' };
  let publicUrl: string;

  const path = (url: string) => new URL(url).pathname;
  const up = async (page: string, name: string, bytes: Buffer | string) => {
    const res = await upload(owner, page, name, bytes);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    t = await createFilesApp(backend);
    owner = await t.userClient({ displayName: 'Erika Verwaltungsfrau' });
    const spaceId = await seedSpace(t.database.db, { name: 'Bürgerbüro', owners: [owner] });
    await t.database.db.updateTable('spaces').set({ classification: 'oeffentlich' }).where('id', '=', spaceId).execute();
    pageId = await importMarkdown(owner, spaceId, 'Wohnsitz anmelden', 'Platzhalter');
    hiddenPage = await importMarkdown(owner, spaceId, 'Interne Skizze', 'Nicht veröffentlicht.');
    ids.image = await up(pageId, 'Lageplan.png', await png());
    ids.form = await up(pageId, 'Meldeschein.pdf', await pdf());
    ids.markup = await up(pageId, 'Hinweis.html', html);
    ids.deleted = await up(pageId, 'Alt.png', await png(10, 10));
    ids.hiddenImage = await up(hiddenPage, 'Skizze.png', await png(20, 20));
    const doc = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'image', attrs: { src: `/api/v1/attachments/${ids.image}`, alt: 'Lageplan des Bürgerbüros', title: null } }] },
        { type: 'paragraph', content: [{ type: 'file', attrs: { attachmentId: ids.form, name: 'Meldeschein.pdf', size: 100, type: 'application/pdf' } }] },
        { type: 'paragraph', content: [{ type: 'file', attrs: { attachmentId: ids.markup, name: 'Hinweis.html', size: 100, type: 'text/html' } }] },
        { type: 'paragraph', content: [{ type: 'image', attrs: { src: `/api/v1/attachments/${ids.hiddenImage}`, alt: 'Interne Skizze', title: null } }] },
        { type: 'paragraph', content: [{ type: 'image', attrs: { src: `/api/v1/attachments/${ids.deleted}`, alt: 'Alter Plan', title: null } }] },
      ],
    };
    expect((await owner.put(`/api/v1/pages/${pageId}/content`, { doc })).statusCode).toBe(200);
    expect((await owner.delete(`/api/v1/attachments/${ids.deleted}`)).statusCode).toBe(204);
    const published = await owner.post(`/api/v1/pages/${pageId}/publish`, {});
    expect(published.statusCode, published.body).toBe(200);
    publicUrl = published.json().publicUrl;
  }, 120_000);
  afterAll(() => t?.close());

  it('shows the raster image in the page and links the other files as downloads; nothing of other pages', async () => {
    const res = await t.anonymous.get(path(publicUrl));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<img src="/public/dateien/${ids.image}" alt="Lageplan des Bürgerbüros">`);
    expect(res.body).toContain(`href="/public/dateien/${ids.form}"`);
    expect(res.body).toContain(`href="/public/dateien/${ids.markup}"`);
    // The unpublished page's image and the deleted one are only their alt text.
    expect(res.body).toContain('Interne Skizze');
    expect(res.body).not.toContain(ids.hiddenImage);
    expect(res.body).toContain('Alter Plan');
    expect(res.body).not.toContain(ids.deleted);
    expect(res.body).not.toContain('/api/v1/attachments');
  });

  it('serves the image inline and every other file as a sandboxed download', async () => {
    const image = await t.anonymous.get(`/public/dateien/${ids.image}`);
    expect(image.statusCode).toBe(200);
    expect(image.headers['content-type']).toBe('image/png');
    expect(image.headers['content-disposition']).toMatch(/^inline;/);
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    expect(image.headers['content-security-policy']).toContain('sandbox');
    expect(image.headers['cache-control']).toBe('public, no-cache');
    expect((await t.anonymous.get(`/public/dateien/${ids.image}`, { headers: { 'if-none-match': image.headers.etag as string } })).statusCode).toBe(304);

    for (const id of [ids.form, ids.markup]) {
      const file = await t.anonymous.get(`/public/dateien/${id}`);
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-disposition']).toMatch(/^attachment;/);
      expect(file.headers['x-content-type-options']).toBe('nosniff');
      expect(file.headers['content-security-policy']).toContain('sandbox');
    }
    expect((await t.anonymous.get(`/public/dateien/${ids.markup}`)).headers['content-disposition']).toContain('Hinweis.html');
  });

  it('answers 404 for files of unpublished pages, deleted files and unknown ids', async () => {
    for (const id of [ids.hiddenImage, ids.deleted, '00000000-0000-4000-8000-000000000000', 'nicht-da']) {
      const res = await t.anonymous.get(`/public/dateien/${id}`);
      expect(res.statusCode, id).toBe(404);
      expect(res.headers['content-type']).toContain('text/html');
    }
  });

  it('takes the files of a page away with the page: unpublished, they are gone at once', async () => {
    expect((await owner.delete(`/api/v1/pages/${pageId}/publish`)).statusCode).toBe(200);
    for (const id of [ids.image, ids.form]) expect((await t.anonymous.get(`/public/dateien/${id}`)).statusCode).toBe(404);
    expect((await owner.post(`/api/v1/pages/${pageId}/publish`, {})).statusCode).toBe(200);
    expect((await t.anonymous.get(`/public/dateien/${ids.image}`)).statusCode).toBe(200);
  });
});
