import { byInstanceRole, type MatrixEntry } from './types.ts';

/** The audit log and the online backup are for administrators only (knowledge managers included: 403). */
export const entries: MatrixEntry[] = [
  {
    method: 'GET',
    route: '/api/v1/audit',
    request: () => ({ url: '/api/v1/audit?action=space.create' }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
  {
    method: 'GET',
    route: '/api/v1/audit/export.csv',
    request: () => ({ url: '/api/v1/audit/export.csv?action=space.create' }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
  },
  {
    // The embedded database's backup; on PostgreSQL pg_dump does it, and the route says so (409).
    method: 'GET',
    route: '/api/v1/admin/backup',
    request: () => ({ url: '/api/v1/admin/backup' }),
    expect: byInstanceRole({ admin: 200, knowledgeManager: 403, others: 403 }),
    onBackend: { postgres: { admin: 409 } },
  },
];
