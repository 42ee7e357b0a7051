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
 * what to do, writes no file and leaves the server and its clients alone. An administrator can
 * download a backup from the running server instead (`GET /api/v1/admin/backup`), while the
 * clients type on; it restores with the same command and holds everything stored before it.
 * With the server stopped the same command backs up everything typed, and `restore` brings it back.
 */
describe('backup of the embedded database while the server runs', () => {
  let server: ServerProcess | undefined;
  const peers: TestPeer[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-backup-pglite-'));
  const dataDir = path.join(dir, 'data');
  const restoredDir = path.join(dir, 'restored');
  const onlineDir = path.join(dir, 'restored-online');
  afterAll(async () => {
    for (const peer of peers) peer.destroy();
    if (server) await killed(server.child, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cli = (args: string[], env: Record<string, string>) =>
    run(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', ...args], { cwd: root, env: { ...process.env, DATABASE_URL: '', ...env } });

  it('refuses clearly while the server runs, offers the download from the server instead, and backs up everything once it is stopped', { timeout: 240_000 }, async () => {
    const database = await openPglite(pgliteDirOf(dataDir));
    await migrateToLatest(database.db);
    const user = await insertUser(database.db, { email: 'sicherung@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Sicherung', role: 'user' });
    const admin = await insertUser(database.db, { email: 'verwaltung@example.org', password: 'korrekt-Pferd-Batterie', displayName: 'Verwaltung', role: 'admin' });
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

    // An administrator downloads a backup from the running server while the clients type on.
    const typedBefore = words.length;
    await waitFor(() => peers.every((p) => words.slice(0, typedBefore).every((w) => bodyText(p.doc).includes(`${w} `))), 30_000, 'words relayed');
    await new Promise((r) => setTimeout(r, 1000));
    const storedBefore = words.slice(0, typedBefore);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: 'korrekt-Pferd-Batterie' }),
    });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const download = await fetch(`http://127.0.0.1:${port}/api/v1/admin/backup`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    expect(download.headers.get('content-disposition')).toMatch(/attachment; filename="stafette-backup-\d{4}-\d{2}-\d{2}\.tar\.gz"/);
    const onlineFile = path.join(dir, 'online.tar.gz');
    fs.writeFileSync(onlineFile, Buffer.from(await download.arrayBuffer()));

    expect(refusal?.code).toBe(1);
    expect(refusal?.stderr).toContain(`(pid ${pid})`);
    expect(refusal?.stderr).toMatch(/needs the server stopped/);
    expect(refusal?.stderr).toMatch(/GET \/api\/v1\/admin\/backup/);
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
      // Who took the online backup is in the audit log.
      const audit = await restored.db.selectFrom('audit_log').select(['action', 'actor_id']).where('action', '=', 'backup.download').execute();
      expect(audit).toEqual([{ action: 'backup.download', actor_id: admin.id }]);
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

    // The backup taken while the server ran restores and holds what was stored before it.
    expect((await cli(['restore', onlineFile], { STAFETTE_DATA_DIR: onlineDir })).stdout).toMatch(/Restored/);
    const online = await openPglite(pgliteDirOf(onlineDir));
    try {
      const text = bodyText(await storedDoc(online.db, pageId));
      expect(storedBefore.filter((w) => !text.includes(`${w} `))).toEqual([]);
    } finally {
      await online.close();
    }
  });
});
