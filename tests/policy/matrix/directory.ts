import { byInstanceRole, type MatrixEntry } from './types.ts';

/**
 * Directory administration is for administrators only (knowledge managers: 403). The matrix app
 * has no LDAP directory configured, so a sync answers 409 directory-not-configured to admins.
 */
export const entries: MatrixEntry[] = [
  {
    method: 'GET',
    route: '/api/v1/admin/directory',
    request: () => ({ url: '/api/v1/admin/directory' }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
  {
    method: 'GET',
    route: '/api/v1/admin/directory/mappings',
    request: () => ({ url: '/api/v1/admin/directory/mappings' }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
  {
    method: 'PUT',
    route: '/api/v1/admin/directory/mappings',
    request: (ctx) => ({
      url: '/api/v1/admin/directory/mappings',
      body: [
        { group: `cn=gg-${ctx.unique()},ou=groups,dc=stadt,dc=example`, spaceId: ctx.spaceId, role: 'reader' },
        { group: 'GG-Wissensmanagement', spaceId: null, role: 'knowledge_manager' },
      ],
    }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
  {
    method: 'POST',
    route: '/api/v1/admin/directory/sync',
    request: () => ({ url: '/api/v1/admin/directory/sync' }),
    expect: byInstanceRole({ admin: 409, knowledgeManager: 403, others: 403 }),
  },
];
