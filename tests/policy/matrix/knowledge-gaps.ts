import { byInstanceRole, byLevel, type MatrixEntry } from './types.ts';

/**
 * Knowledge gaps: every reader may report a search left without result (in a space they read);
 * only knowledge managers and admins see the report; writing the missing page needs both that
 * role and the right to create pages in the space (knowledge managers only read it here).
 */
export const entries: MatrixEntry[] = [
  {
    method: 'POST',
    route: '/api/v1/search/misses',
    request: (ctx) => ({ url: '/api/v1/search/misses', body: { q: 'Sondernutzung Gehweg', spaceId: ctx.spaceId } }),
    expect: byLevel({ read: 204, write: 204, manage: 204 }),
  },
  { method: 'GET', route: '/api/v1/knowledge-gaps', request: () => ({ url: '/api/v1/knowledge-gaps?days=90' }), expect: byInstanceRole({ admin: 200, knowledgeManager: 200, others: 403 }) },
  {
    method: 'POST',
    route: '/api/v1/knowledge-gaps/pages',
    request: (ctx) => ({ url: '/api/v1/knowledge-gaps/pages', body: { query: `Sondernutzung ${ctx.unique()}`, spaceId: ctx.spaceId } }),
    expect: { ...byLevel({ read: 403, write: 403, manage: 403 }), admin: 201 },
  },
];
entries.push({
  method: 'GET',
  route: '/api/v1/knowledge-gaps/worklist',
  request: () => ({ url: '/api/v1/knowledge-gaps/worklist?horizonDays=180' }),
  expect: byInstanceRole({ admin: 200, knowledgeManager: 200, others: 403 }),
});
// The management dashboard (server/src/dashboard): knowledge managers and admins.
entries.push({ method: 'GET', route: '/api/v1/dashboard', request: () => ({ url: '/api/v1/dashboard' }), expect: byInstanceRole({ admin: 200, knowledgeManager: 200, others: 403 }) });
