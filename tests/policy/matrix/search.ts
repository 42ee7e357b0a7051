import { byInstanceRole, type MatrixEntry, signedIn } from './types.ts';

/**
 * Search: every active account may search (results are filtered to the spaces it can read, so a
 * non-member gets 200 with no hits, never 403/404 that would reveal the space); the synonym list
 * is readable by everyone signed in and edited by knowledge managers and administrators.
 */
export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/search', request: (ctx) => ({ url: `/api/v1/search?q=Seite&spaceId=${ctx.spaceId}` }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/search/suggestions', request: () => ({ url: '/api/v1/search/suggestions?q=Seite' }), expect: signedIn(200) },
  { method: 'GET', route: '/api/v1/search/synonyms', request: () => ({ url: '/api/v1/search/synonyms' }), expect: signedIn(200) },
  {
    method: 'PUT',
    route: '/api/v1/search/synonyms',
    request: (ctx) => ({ url: '/api/v1/search/synonyms', body: { groups: [[`Matrix${ctx.unique()}`, 'Prüfliste']] } }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 200, others: 403 }),
  },
];
