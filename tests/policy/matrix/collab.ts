import { byLevel, type MatrixEntry } from './types.ts';

/** Collaboration: tokens for the socket (the socket itself is tested in tests/collab). */
export const entries: MatrixEntry[] = [
  {
    method: 'POST',
    route: '/api/v1/pages/:id/collab-token',
    request: async (ctx) => ({ url: `/api/v1/pages/${await ctx.page()}/collab-token` }),
    expect: byLevel({ read: 201, write: 201, manage: 201 }),
  },
];
