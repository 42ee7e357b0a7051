import { unsubscribeToken } from '../../../server/src/mail/unsubscribe-token.ts';
import { byLevel, everyone, type MatrixEntry, signedIn } from './types.ts';

/**
 * The inbox and mail preferences are each caller's own (any signed-in account); watching a
 * page needs reading it; the one-click unsubscribe link is public and carries its own signed
 * token.
 */
export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/notifications', request: () => ({ url: '/api/v1/notifications?unread=true' }), expect: signedIn(200) },
  { method: 'POST', route: '/api/v1/notifications/read', request: () => ({ url: '/api/v1/notifications/read', body: { all: true } }), expect: signedIn(200) },
  // Without Accept: text/event-stream the count comes once as JSON (the stream: tests/notifications).
  { method: 'GET', route: '/api/v1/notifications/stream', request: () => ({ url: '/api/v1/notifications/stream' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/notifications/preferences', request: () => ({ url: '/api/v1/notifications/preferences' }), expect: signedIn(200) },
  {
    method: 'PUT',
    route: '/api/v1/notifications/preferences',
    request: () => ({ url: '/api/v1/notifications/preferences', body: { preferences: { 'page.changed': 'digest' } } }),
    expect: signedIn(200),
  },
  { method: 'GET', route: '/api/v1/pages/:id/watch', request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/watch` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'PUT',
    route: '/api/v1/pages/:id/watch',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/watch`, body: { watching: true } }),
    expect: byLevel({ read: 200, write: 200, manage: 200 }),
  },
  {
    method: 'GET',
    route: '/api/v1/mail/unsubscribe',
    request: async (ctx) => ({ url: `/api/v1/mail/unsubscribe?token=${encodeURIComponent(await unsubscribeToken(ctx.db, ctx.users.reader.id, 'comment'))}` }),
    expect: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/v1/mail/unsubscribe',
    request: async (ctx) => ({
      url: `/api/v1/mail/unsubscribe?token=${encodeURIComponent(await unsubscribeToken(ctx.db, ctx.users.reader.id, 'comment'))}`,
      body: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    expect: everyone(200),
  },
];
