import { byLevel, type MatrixContext, type MatrixEntry } from './types.ts';
import { createProcess, parseUpload } from '../../../server/src/processes/process-service.ts';
import { minimalPackage } from '../../support/packages.ts';
import { linearModel } from '../../support/processes.ts';

/**
 * Process packages: anyone who reads the process may export it (its pages are filtered by their own
 * rights and levels); importing one is importing a process into the space (owners).
 */
const system = { actorId: null, ip: null };

async function process(ctx: MatrixContext): Promise<string> {
  const xml = linearModel({ name: 'Paketprozess', taskIds: ['Task_1'] });
  const { id } = await createProcess(ctx.db, ctx.spaceId, await parseUpload({ bytes: Buffer.from(xml), fileName: null }), system);
  return id;
}

export const entries: MatrixEntry[] = [
  { method: 'GET', route: '/api/v1/processes/:id/package', request: async (ctx) => ({ url: `/api/v1/processes/${await process(ctx)}/package` }), expect: byLevel({ read: 200, write: 200, manage: 200 }) },
  {
    method: 'POST',
    route: '/api/v1/processes/import-package',
    request: (ctx) => ({ url: `/api/v1/processes/import-package?spaceId=${ctx.spaceId}`, body: minimalPackage({ processId: `matrix-${Math.random()}` }), headers: { 'content-type': 'application/zip' } }),
    expect: byLevel({ read: 403, write: 403, manage: 201 }),
  },
];
