/**
 * Page templates: the shipped German gallery, global templates kept by knowledge managers and
 * administrators, space templates kept by owners, and new pages made from a template with its
 * fields filled in (`{{datum}}`, `{{autor}}`; fields left out stay visible).
 */
import type { Page, PageTemplate, PageTemplateList } from '@stafette/api';
import { docToText } from '@stafette/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { germanDate } from '../../server/src/templates/render.ts';
import { backends } from '../support/databases.ts';
import { member } from '../support/seed.ts';
import { createTestApp, type TestApp, type UserClient } from '../support/test-app.ts';

const DEFAULTS = ['Arbeitsanweisung', 'Besprechungsprotokoll', 'Checkliste', 'FAQ', 'Prozessschritt-Handbuch', 'Übergabenotiz'];

describe.each(backends)('templates on %s', (backend) => {
  let t: TestApp;
  let spaceId: string;
  let owner: UserClient;
  let editor: UserClient;
  let reader: UserClient;
  let manager: UserClient;

  beforeAll(async () => {
    t = await createTestApp(backend);
    ({ client: owner, spaceId } = await member(t, 'owner', undefined, { displayName: 'Olga Owner' }));
    ({ client: editor } = await member(t, 'editor', spaceId, { displayName: 'Erika Muster' }));
    ({ client: reader } = await member(t, 'reader', spaceId));
    manager = await t.userClient({ role: 'knowledge_manager' });
  }, 60_000);
  afterAll(() => t?.close());

  const list = async (client: UserClient, query = '') => {
    const res = await client.get(`/api/v1/templates${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as PageTemplateList).items;
  };

  it('ships the six German defaults with their fields, for everyone to use and managers to keep', async () => {
    const items = await list(editor);
    expect(items.map((i) => i.name).sort((a, b) => a.localeCompare(b, 'de'))).toEqual(DEFAULTS);
    const step = items.find((i) => i.builtinKey === 'prozessschritt-handbuch')!;
    expect(step.scope).toBe('global');
    expect(step.fields.map((f) => f.name)).toEqual(['Prozessschritt', 'Zuständig', 'Rechtsgrundlage']);
    expect(items.every((i) => !i.canManage)).toBe(true);
    expect((await list(manager)).every((i) => i.canManage)).toBe(true);

    const full = (await editor.get(`/api/v1/templates/${step.id}`)).json() as PageTemplate;
    for (const section of ['## Zweck', '## Rechtsgrundlage', '## Eingaben', '## Arbeitsschritte', '## Stolperfallen', '## Ansprechpersonen']) expect(full.body).toContain(section);
  });

  it('fills a template into a new page: fields given, date and author; fields left out stay visible', async () => {
    const step = (await list(editor)).find((i) => i.builtinKey === 'prozessschritt-handbuch')!;
    const res = await editor.post('/api/v1/pages', {
      spaceId,
      title: 'Antrag auf Vollständigkeit prüfen',
      templateId: step.id,
      fields: { Prozessschritt: 'Antrag auf Vollständigkeit prüfen', Zuständig: 'Bürgerbüro *Team A*' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const page = res.json() as Page;
    const text = docToText(page.doc);
    expect(page.doc.content![0]).toMatchObject({ type: 'heading', content: [{ text: 'Antrag auf Vollständigkeit prüfen' }] });
    // Typed text stays literal: no emphasis made of the asterisks.
    expect(text).toContain('Bürgerbüro *Team A*');
    expect(text).toContain('Erika Muster');
    expect(text).toContain(germanDate());
    expect(text).toContain('{{Rechtsgrundlage}}');
    expect(JSON.stringify(page.doc)).toContain('"type":"table"');
  });

  it('lets owners keep their space’s templates; editors and readers use them', async () => {
    const created = await owner.post('/api/v1/templates', {
      spaceId,
      name: 'Bauantrag: Eingangsbestätigung',
      description: 'Schreiben an die Antragstellenden',
      fields: [{ name: 'Aktenzeichen', description: 'AZ des Vorgangs' }],
      body: '# Eingangsbestätigung {{Aktenzeichen}}\n\nIhr Antrag ist am {{datum}} eingegangen.',
    });
    expect(created.statusCode, created.body).toBe(201);
    const template = created.json() as PageTemplate;
    expect(template).toMatchObject({ scope: 'space', spaceId, canManage: true });

    expect((await editor.post('/api/v1/templates', { spaceId, name: 'Von Editor', body: 'x' })).statusCode).toBe(403);
    const stranger = await t.userClient();
    expect((await stranger.post('/api/v1/templates', { spaceId, name: 'Fremd', body: 'x' })).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/templates/${template.id}`)).statusCode).toBe(404);
    expect((await stranger.get(`/api/v1/templates?spaceId=${spaceId}`)).statusCode).toBe(404);

    const forReader = await list(reader, `?spaceId=${spaceId}`);
    expect(forReader.find((i) => i.id === template.id)).toMatchObject({ canManage: false });
    expect(forReader.filter((i) => i.scope === 'global')).toHaveLength(DEFAULTS.length);
    // The global list alone does not show the space's.
    expect((await list(reader)).some((i) => i.id === template.id)).toBe(false);

    const page = await editor.post('/api/v1/pages', { spaceId, title: 'Eingang 4711', templateId: template.id, fields: { Aktenzeichen: 'BA-4711' } });
    expect(page.statusCode, page.body).toBe(201);
    expect(docToText((page.json() as Page).doc)).toContain('Eingangsbestätigung BA-4711');
    // Readers may not create pages at all.
    expect((await reader.post('/api/v1/pages', { spaceId, title: 'X', templateId: template.id })).statusCode).toBe(403);

    const renamed = await owner.patch(`/api/v1/templates/${template.id}`, { name: 'Eingangsbestätigung Bauantrag' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await editor.patch(`/api/v1/templates/${template.id}`, { name: 'Nein' })).statusCode).toBe(403);
    const twice = await owner.post('/api/v1/templates', { spaceId, name: 'eingangsbestätigung bauantrag', body: 'x' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().type).toBe('urn:stafette:problem:template-name-taken');

    expect((await editor.delete(`/api/v1/templates/${template.id}`)).statusCode).toBe(403);
    expect((await owner.delete(`/api/v1/templates/${template.id}`)).statusCode).toBe(204);
    expect((await owner.get(`/api/v1/templates/${template.id}`)).statusCode).toBe(404);
    // The page made from it stays.
    expect((await editor.get(`/api/v1/pages/${(page.json() as Page).id}`)).statusCode).toBe(200);
  });

  it('keeps the global gallery for knowledge managers and administrators only', async () => {
    const body = { name: 'Dienstreiseantrag', body: '# Dienstreise {{Ziel}}', fields: [{ name: 'Ziel', description: 'Reiseziel' }] };
    expect((await owner.post('/api/v1/templates', body)).statusCode).toBe(403);
    const made = await manager.post('/api/v1/templates', body);
    expect(made.statusCode, made.body).toBe(201);
    expect((made.json() as PageTemplate).scope).toBe('global');
    const admin = await t.userClient({ role: 'admin' });
    expect((await admin.patch(`/api/v1/templates/${made.json().id}`, { description: 'Vor jeder Reise' })).statusCode).toBe(200);
    expect((await list(editor)).some((i) => i.name === 'Dienstreiseantrag')).toBe(true);
  });

  it('refuses a space template used in another space, and fields that are filled in anyway', async () => {
    const { client: otherOwner, spaceId: otherSpace } = await member(t, 'owner');
    const foreign = (await otherOwner.post('/api/v1/templates', { spaceId: otherSpace, name: 'Nur dort', body: 'x' })).json() as PageTemplate;
    // The editor of the first space cannot see it at all.
    expect((await editor.post('/api/v1/pages', { spaceId, title: 'X', templateId: foreign.id })).statusCode).toBe(404);
    // The other space's owner, an editor of the first space too, may see it but not use it here.
    await t.database.db.insertInto('space_members').values({ space_id: spaceId, user_id: otherOwner.user.id, role: 'editor' }).execute();
    const wrongSpace = await otherOwner.post('/api/v1/pages', { spaceId, title: 'X', templateId: foreign.id });
    expect(wrongSpace.statusCode).toBe(400);

    const reserved = await owner.post('/api/v1/templates', { spaceId, name: 'Mit Datum', body: 'x', fields: [{ name: 'Datum', description: '' }] });
    expect(reserved.statusCode).toBe(400);
  });
});
