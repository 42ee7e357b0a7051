import { byInstanceRole, type MatrixEntry } from './types.ts';

/** The audit log is for administrators only (knowledge managers included: 403). */
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
];
