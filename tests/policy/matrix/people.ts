import { type MatrixEntry, signedIn } from './types.ts';

/** Who knows what: every signed-in account looks people up; what is shown is filtered to what they read. */
export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/people', request: () => ({ url: '/api/v1/people?q=Sondernutzung' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/people/:id', request: (ctx) => ({ url: `/api/v1/people/${ctx.users.editor.id}` }), expect: signedIn(200) },
  // Expertise tags: each account edits only its own.
  { method: 'GET', route: '/api/v1/people/me/tags', request: () => ({ url: '/api/v1/people/me/tags' }), expect: signedIn(200) },
  { method: 'PUT', route: '/api/v1/people/me/tags', request: () => ({ url: '/api/v1/people/me/tags', body: { declared: ['Sondernutzung'], hidden: [] } }), expect: signedIn(200) },
];
