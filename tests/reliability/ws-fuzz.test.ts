import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backends } from '../support/databases.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, type CollabTestApp, startCollabApp, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { fuzzCollabSocket } from './ws-fuzz.ts';
import { recordReliability } from './report.ts';

// Short form of the frame fuzzing in bench/reliability (100,000 frames there).
const FRAMES = Number(process.env.STAFETTE_WS_FUZZ_FRAMES ?? 10_000);
const SEED = Number(process.env.STAFETTE_FUZZ_SEED ?? 20261204);

describe.each(backends)('collaboration socket under generated hostile frames on %s', (backend) => {
  let t: CollabTestApp;
  let cookie: string;
  let pageId: string;
  let a: TestPeer;
  let b: TestPeer;

  beforeAll(async () => {
    t = await startCollabApp(backend, {}, { collab: { maxMessageBytes: 1024 * 1024 } });
    const editor = await t.userClient();
    pageId = (await seedPage(t.database.db, { space: { editors: [editor] } })).pageId;
    cookie = editor.headers.cookie!;
    a = t.connect(pageId, { cookie });
    b = t.connect(pageId, { cookie });
    await Promise.all([synced(a), synced(b)]);
  });
  afterAll(() => t?.close());

  it(`stays up with bounded memory while ${FRAMES} frames arrive, and two real editors keep working and converge`, { timeout: 900_000 }, async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const markers: string[] = [];
    const result = await fuzzCollabSocket(`${t.baseUrl}/${pageId}`, cookie, {
      frames: FRAMES,
      seed: SEED,
      onBatch: async (sent) => {
        const marker = `[${sent}]`;
        markers.push(marker);
        (sent % 1000 === 0 ? a : b).text.insert(0, marker);
      },
    });
    const converged = await waitFor(() => markers.every((m) => bodyText(a.doc).includes(m) && bodyText(b.doc).includes(m)), 30_000).then(() => true, () => false);
    const grown = process.memoryUsage().heapUsed - heapBefore;
    recordReliability({
      fault: 'hostile WebSocket frames',
      backend,
      injected: result.sent,
      lost: markers.filter((m) => !bodyText(a.doc).includes(m) || !bodyText(b.doc).includes(m)).length,
      detail: `seed ${SEED}; ${result.connections} attacker connections; closes ${JSON.stringify(result.closes)}; editors ${converged ? 'converged' : 'NOT converged'}; heap +${Math.round(grown / 1048576)} MB`,
    });
    expect(result.sent).toBe(FRAMES);
    // The server refused what it had to: malformed (4400), too large (4413/4414), invalid (4422).
    expect(Object.keys(result.closes).map(Number)).toEqual(expect.arrayContaining([4400, 4422]));

    const health = await t.anonymous.get('/api/v1/health');
    expect(health.statusCode).toBe(200);
    await waitFor(() => markers.every((m) => bodyText(a.doc).includes(m) && bodyText(b.doc).includes(m)), 30_000, 'editors converge');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
    await t.app.collab.quiescent();
    const stored = bodyText(await storedDoc(t.database.db, pageId));
    for (const marker of markers) expect(stored).toContain(marker);
    // Bounded: what the frames made the server hold is gone again (generous: other suites share the process).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(512 * 1024 * 1024);
  });
});
