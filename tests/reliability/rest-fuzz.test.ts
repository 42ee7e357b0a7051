import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { addMember, seedPage, seedProcess, seedSpace } from '../support/seed.ts';
import { fuzzRest } from './rest-fuzz.ts';
import { recordReliability } from './report.ts';

// Short form of the REST fuzzing in bench/reliability (`pnpm reliability` runs many more cases).
const RUNS = Number(process.env.STAFETTE_FUZZ_RUNS ?? 12);
const SEED = Number(process.env.STAFETTE_FUZZ_SEED ?? 20261204);

describe.each(backends)('REST API under generated and hostile input on %s', (backend) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(backend);
  });
  afterAll(() => t?.close());

  it('never answers 5xx or with a stack trace, for every operation in the OpenAPI document', { timeout: 600_000 }, async () => {
    const admin = await t.userClient({ role: 'admin', displayName: 'Fuzz Admin' });
    const colleague = await t.createUser({ displayName: 'Kollegin Köhler' });
    const spaceId = await seedSpace(t.database.db, { name: 'Prüfamt', owners: [admin], editors: [colleague] });
    const { pageId } = await seedPage(t.database.db, { spaceId, title: 'Gebührenordnung' });
    const processId = await seedProcess(t.database.db, spaceId, 'Wohnsitz anmelden', ['Task_Pruefen', 'Task_Bescheid']);
    const version = await admin.post(`/api/v1/pages/${pageId}/versions`, { label: 'Stand' });
    const interview = await admin.post('/api/v1/interviews', { subjectUserId: colleague.id, interviewerId: admin.user.id, departureDate: '2030-06-30' });

    const ids = {
      pages: [pageId],
      spaces: [spaceId],
      processes: [processId],
      users: [admin.user.id, colleague.id],
      members: [colleague.id],
      versions: version.statusCode === 201 ? [version.json().id as string] : [],
      interviews: interview.statusCode === 201 ? [interview.json().id as string] : [],
      steps: ['Task_Pruefen'],
      pageId: [pageId],
      processId: [processId],
      elementId: ['Task_Pruefen'],
    };
    const result = await fuzzRest(t.app, {
      runsPerOperation: RUNS,
      seed: SEED,
      ids,
      // Operations may end the caller's session or account; the next caller is a fresh owner.
      caller: async () => {
        const next = await t.userClient({ role: 'admin' });
        await addMember(t.database.db, spaceId, next, 'owner');
        return { headers: next.headers };
      },
    });
    recordReliability({
      fault: 'generated and hostile REST requests',
      backend,
      injected: result.requests,
      lost: result.findings.length,
      detail: `seed ${SEED}; ${result.operations} operations × ${RUNS}; findings: ${result.findings.map((f) => `${f.operation} → ${f.status}`).join(', ') || 'none'}`,
    });
    expect(result.operations).toBeGreaterThan(60);
    expect(result.findings, `seed ${SEED}: ${JSON.stringify(result.findings, null, 1)}`).toEqual([]);
  });
});
