import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createCollabToken } from '../../server/src/collab/collab-tokens.ts';
import { openPglite, pgliteDirOf } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, connectPeer, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { freePort, killed, type ServerProcess, startServer } from '../support/server-process.ts';
import { recordReliability } from './report.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/**
 * `pnpm stafette backup` on the embedded database while the server runs and people type: the
 * database lives inside the server process, so the command refuses with a message that says
 * what to do, writes no file and leaves the server and its clients alone. With the server
 * stopped the same command backs up everything typed, and `restore` brings it back.
 */
describe('backup of the embedded database while the server runs', () => {
  let server: ServerProcess | undefined;
  const peers: TestPeer[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-backup-pglite-'));
  const dataDir = path.join(dir, 'data');
  const restoredDir = path.join(dir, 'restored');
  afterAll(async () => {
    for (const peer of peers) peer.destroy();
    if (server) await killed(server.child, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env } });

  it('refuses clearly while the server runs, and backs up everything once it is stopped', { timeout: 240_000 }, async () => {
    const database = await openPglite(pgliteDirOf(dataDir));
    await migrateToLatest(database.db);
    const user = await insertUser(database.db, { email: 'sicherung@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Sicherung', role: 'user' });
    const { pageId } = await seedPage(database.db, { space: { editors: [user] } });
    const tokens = [await createCollabToken(database.db, user.id, pageId, 3600), await createCollabToken(database.db, user.id, pageId, 3600)];
    await database.close();

    const port = await freePort();
    server = await startServer({ PORT: String(port), STAFETTE_DATA_DIR: dataDir, DATABASE_URL: '' });
    const pid = server.child.pid!;
    peers.push(...tokens.map(({ token }) => connectPeer(`ws://127.0.0.1:${port}/collab`, pageId, { token })));
    await Promise.all(peers.map((p) => synced(p, 30_000)));

    const words: string[] = [];
    let typing = true;
    const loops = peers.map(async (peer, i) => {
      for (let n = 0; typing; n++) {
        const word = `b${i}n${n}`;
        peer.text.insert(peer.text.length, `${word} `);
        words.push(word);
        await new Promise((r) => setTimeout(r, 80));
      }
    });
    const file = path.join(dir, 'sicherung.tgz');
    const refusal = await cli(['backup', file], { STAFETTE_DATA_DIR: dataDir }).then(
      () => null,
      (err: { code: number; stderr: string }) => err,
    );
    await new Promise((r) => setTimeout(r, 500));
    typing = false;
    await Promise.all(loops);

    expect(refusal?.code).toBe(1);
    expect(refusal?.stderr).toContain(`(pid ${pid})`);
    expect(refusal?.stderr).toMatch(/needs the server stopped/);
    expect(refusal?.stderr).toMatch(/nothing was written/);
    expect(fs.existsSync(file)).toBe(false);
    // The server and its clients did not notice.
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).status).toBe(200);
    const typedAll = () => peers.every((p) => words.every((w) => bodyText(p.doc).includes(`${w} `)));
    await waitFor(typedAll, 30_000, 'both clients see every word');

    // A clean stop writes everything out; then the backup runs and restores elsewhere.
    for (const peer of peers) peer.destroy();
    await killed(server.child, 'SIGTERM');
    server = undefined;
    expect((await cli(['backup', file], { STAFETTE_DATA_DIR: dataDir })).stdout).toMatch(/Backup written/);
    expect((await cli(['restore', file], { STAFETTE_DATA_DIR: restoredDir })).stdout).toMatch(/Restored/);
    const restored = await openPglite(pgliteDirOf(restoredDir));
    let missing: string[];
    try {
      const text = bodyText(await storedDoc(restored.db, pageId));
      missing = words.filter((w) => !text.includes(`${w} `));
    } finally {
      await restored.close();
    }
    recordReliability({
      fault: 'backup while the server runs (refused), then stopped',
      backend: 'pglite',
      injected: 1,
      lost: missing.length,
      detail: `refused with exit 1 and no file while 2 clients typed; after a clean stop ${words.length - missing.length} of ${words.length} typed words in the backup`,
    });
    expect(missing).toEqual([]);
  });
});
