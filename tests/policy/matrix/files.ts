import { Readable } from 'node:stream';
import { multipart } from '../../files/samples.ts';
import { byLevel, type MatrixContext, type MatrixEntry } from './types.ts';

/**
 * Attachments: editors (and owners, admins) upload and delete, every reader lists and
 * downloads; non-members get 404 for the page and its files alike.
 */

/** A text file attached to a new page of the shared space by the editor. */
async function attachment(ctx: MatrixContext): Promise<string> {
  const pageId = await ctx.page();
  const row = await ctx.app.files.create(
    { pageId, name: 'Merkblatt.txt', stream: Readable.from([Buffer.from(`Merkblatt ${ctx.unique()}`)]), uploaderId: ctx.users.editor.id },
    { actorId: ctx.users.editor.id, ip: null },
  );
  return row.id;
}

/** A small PNG (a 1×1 pixel), so the thumbnail route has an image to render. */
const PNG_1PX = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function image(ctx: MatrixContext): Promise<string> {
  const pageId = await ctx.page();
  const row = await ctx.app.files.create({ pageId, name: 'Punkt.png', stream: Readable.from([PNG_1PX]), uploaderId: null }, { actorId: null, ip: null });
  return row.id;
}

const read = byLevel({ read: 200, write: 200, manage: 200 });

export const entries: MatrixEntry[] = [
  {
    method: 'POST',
    route: '/api/v1/pages/:id/attachments',
    request: async (ctx) => {
      const { body, contentType } = multipart('Notiz.txt', `Notiz ${ctx.unique()}`);
      return { url: `/api/v1/pages/${await ctx.page()}/attachments`, body, headers: { 'content-type': contentType } };
    },
    expect: byLevel({ read: 403, write: 201, manage: 201 }),
  },
  { method: 'GET', route: '/api/v1/pages/:id/attachments', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/attachments` }), expect: read },
  { method: 'GET', route: '/api/v1/attachments/:id', request: async (ctx) => ({ url: `/api/v1/attachments/${await attachment(ctx)}` }), expect: read },
  { method: 'GET', route: '/api/v1/attachments/:id/thumbnail', request: async (ctx) => ({ url: `/api/v1/attachments/${await image(ctx)}/thumbnail?w=160` }), expect: read },
  {
    method: 'DELETE',
    route: '/api/v1/attachments/:id',
    request: async (ctx) => ({ url: `/api/v1/attachments/${await attachment(ctx)}` }),
    expect: byLevel({ read: 403, write: 204, manage: 204 }),
  },
];
