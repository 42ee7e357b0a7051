import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import pg from 'pg';
import { type Database, openPglite, openPostgres, pgliteDirOf } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { bodyText, connectPeer, shortTimers, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { multipart } from '../files/samples.ts';
import { ownPostgres, type OwnPostgres } from '../support/own-postgres.ts';
import { recordReliability } from './report.ts';

/**
 * The disk under the data directory (PGlite and the file store) runs really full: a small tmpfs
 * mounted for the test, filled with a filler file. With PostgreSQL (a cluster of the test's own)
 * the database lives in a tablespace on that disk; its write-ahead log stays on the big one. Writes are refused with 507 `storage-full`
 * (nothing half stored), reads go on, people typing keep their words (the page waits, the
 * clients retry), and once the filler is removed writes work again and nothing stored before
 * is lost, also after reopening the database. Mounting needs root: elsewhere it is skipped
 * with the reason printed.
 */
/** Why a small file system cannot be mounted here (not root, not Linux, or a container without the right), or null. */
function mountRefusal(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return `mounting a small file system needs root on Linux (uid ${process.getuid?.() ?? 'unknown'}, ${process.platform})`;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'stafette-probe', probe], { stdio: 'pipe' });
    execFileSync('umount', ['-l', probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs was refused here: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}
const refusal = mountRefusal();
const canMount = refusal === null;
if (refusal) console.log(`disk-full suite skipped: ${refusal}`);

/** Room for a migrated PGlite data directory (~41 MB), later migrations and what the test writes; all of it is RAM while full. */
const MOUNT_MB = 96;
const PASSWORD = 'korrekt-Pferd-Batterie';

const backends = process.env.DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);

describe.runIf(canMount)('a full disk under the data directory', () => {
  describe.each(backends)('%s', (backend) => {
    const mount = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-full-'));
    const filler = path.join(mount, 'filler');
    let mounted = false;
    let database: Database | undefined;
    let app: FastifyInstance | undefined;
    let headers: Record<string, string> = {};
    let spaceId = '';
    let pageId = '';
    const peers: { peer: TestPeer; words: string[] }[] = [];
    /** Sockets the server closed under the clients (a failed commit closes them; they reconnect). */
    let socketsClosed = 0;
    let cluster: OwnPostgres | undefined;
    const open = () => (backend === 'pglite' ? openPglite(pgliteDirOf(mount)) : openPostgres(cluster!.url));

    beforeAll(async () => {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${MOUNT_MB}m,mode=0755`, 'stafette-full', mount]);
      mounted = true;
      if (backend === 'postgres') {
        cluster = await ownPostgres();
        const tablespace = path.join(mount, 'tablespace');
        fs.mkdirSync(tablespace, { mode: 0o700 });
        fs.chownSync(tablespace, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
        const admin = new pg.Client({ connectionString: cluster.url.replace(/\/stafette$/, '/postgres') });
        await admin.connect();
        try {
          await admin.query(`CREATE TABLESPACE full_disk LOCATION '${tablespace}'`);
          await admin.query('ALTER DATABASE stafette SET TABLESPACE full_disk');
        } finally {
          await admin.end();
        }
      }
      database = await open();
      await migrateToLatest(database.db);
      const config = loadConfig({});
      app = await buildApp({ config: { ...config, clientDist: '/nonexistent', dataDir: mount, files: { ...config.files, sweepIntervalMs: 0 } }, database, logger: false, collab: shortTimers });
      await app.listen({ port: 0, host: '127.0.0.1' });
      const user = await insertUser(database.db, { email: 'voll@example.org', password: PASSWORD, displayName: 'Voll', role: 'user' });
      spaceId = await seedSpace(database.db, { editors: [user] });
      ({ pageId } = await seedPage(database.db, { spaceId }));
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password: PASSWORD } });
      const cookie = login.cookies.find((c) => c.name === 'stafette_session')!;
      headers = { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json().csrfToken };
      const port = (app.server.address() as { port: number }).port;
      for (let i = 0; i < 2; i++) peers.push({ peer: connectPeer(`ws://127.0.0.1:${port}/collab`, pageId, { cookie: headers.cookie! }), words: [] });
      for (const { peer } of peers) peer.provider.on('connection-close', () => (socketsClosed += 1));
      await Promise.all(peers.map(({ peer }) => synced(peer, 20_000)));
    }, 120_000);

    afterAll(async () => {
      for (const { peer } of peers) peer.destroy();
      await app?.close().catch(() => undefined);
      await database?.close().catch(() => undefined);
      cluster?.destroy();
      // Lazy: detaches at once even if something still holds a file; the memory goes with the last holder.
      if (mounted) execFileSync('umount', ['-l', mount]);
      fs.rmSync(mount, { recursive: true, force: true });
    });

    const request = (method: InjectOptions['method'], url: string, payload?: InjectOptions['payload'], extra: Record<string, string> = {}) =>
      app!.inject({ method, url, headers: { ...headers, ...extra }, ...(payload !== undefined ? { payload } : {}) });
    const createPage = (title: string) => request('POST', '/api/v1/pages', { spaceId, title });
    const uploadFile = (name: string, content: string) => {
      const { body, contentType } = multipart(name, content);
      return request('POST', `/api/v1/pages/${pageId}/attachments`, body, { 'content-type': contentType });
    };

    /** Writes until the file system refuses: big chunks first, then single blocks. */
    function fillDisk(): void {
      const fd = fs.openSync(filler, 'a');
      try {
        for (const size of [1 << 20, 4096, 512]) {
          const chunk = Buffer.alloc(size, 0x55);
          for (;;) {
            try {
              fs.writeSync(fd, chunk);
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
              throw error;
            }
          }
        }
      } finally {
        fs.closeSync(fd);
      }
    }

    /** Both peers type words (with `padding` after each) for `ms`, or until `done` says so. */
    async function typeFor(ms: number, label: string, padding = '', done = () => false): Promise<void> {
      const until = Date.now() + ms;
      await Promise.all(
        peers.map(async (p, i) => {
          for (let n = 0; Date.now() < until && !done(); n++) {
            const word = `${label}${i}w${n}`;
            p.peer.text.insert(p.peer.text.length, `${word} ${padding}`);
            p.words.push(word);
            await new Promise((r) => setTimeout(r, 60));
          }
        }),
      );
    }

    const missingWords = (doc: Y.Doc) => {
      const present = new Set(bodyText(doc).split(/[\s|]+/));
      return peers.flatMap((p) => p.words).filter((w) => !present.has(w)).length;
    };

    it('refuses writes with 507 storage-full, keeps serving reads and everything stored, and writes again once space is freed', { timeout: 120_000 }, async () => {
      // Stored before the disk fills.
      const before: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await createPage(`Vorher ${i}`);
        expect(res.statusCode, res.body).toBe(201);
        before.push(res.json().id);
      }
      const storedFile = await uploadFile('Vorher.txt', 'Schlüssel liegt beim Hausmeister.');
      expect(storedFile.statusCode, storedFile.body).toBe(201);
      await typeFor(500, 'vorher');
      await app!.collab.quiescent();

      fillDisk();
      const fullAt = Date.now();
      const closedBefore = socketsClosed;
      expect(fs.statfsSync(mount).bavail).toBe(0);

      // People keep typing on the full disk (long lines, so the edit log needs new blocks) until
      // a commit fails and the server closes their sockets; they reconnect and send again.
      const typing = typeFor(15_000, 'voll', `${'z'.repeat(400)} `, () => socketsClosed > closedBefore + 1);
      // A row fits while the table's last page has room: write until the disk refuses.
      const acknowledged: string[] = [];
      const refusals: { status: number; type: string; slug: string }[] = [];
      for (let i = 0; i < 400 && refusals.length < 3; i++) {
        const res = await createPage(`Während ${i} ${'x'.repeat(200)}`);
        if (res.statusCode === 201) acknowledged.push(res.json().id);
        else refusals.push({ status: res.statusCode, type: String(res.headers['content-type']), slug: String(res.json().type) });
      }
      const upload = await uploadFile('Während.txt', 'Dieser Vermerk passt nicht mehr auf die Platte.');
      await typing;
      const closedWhileFull = socketsClosed - closedBefore;
      expect(closedWhileFull).toBeGreaterThan(0);

      expect(refusals.length).toBeGreaterThan(0);
      for (const refusal of refusals) {
        expect(refusal.status).toBe(507);
        expect(refusal.type).toMatch(/^application\/problem\+json/);
        expect(refusal.slug).toMatch(/storage-full$/);
      }
      expect(upload.statusCode, upload.body).toBe(507);
      expect(upload.json().type).toMatch(/storage-full$/);
      expect(upload.body).not.toMatch(/ENOSPC|at \w+ \(|\.ts:\d+/);
      // Reads go on: the server is up and lists what was stored.
      const listed = await request('GET', `/api/v1/pages?spaceId=${spaceId}`);
      expect(listed.statusCode).toBe(200);
      // Health says so (reads go on: still 200), and monitoring can tell why.
      const healthWhileFull = await request('GET', '/api/v1/health');
      const health = healthWhileFull.statusCode;
      expect(health).toBe(200);
      expect(healthWhileFull.json()).toMatchObject({ status: 'degraded', storageFull: true });

      fs.rmSync(filler);
      const freedAt = Date.now();
      const after = await createPage('Nachher');
      expect(after.statusCode, after.body).toBe(201);
      expect((await request('GET', '/api/v1/health')).json()).toEqual({ status: 'ok', database: backend, search: 'postgres' });
      const afterFile = await uploadFile('Nachher.txt', 'Wieder Platz.');
      expect(afterFile.statusCode, afterFile.body).toBe(201);
      await typeFor(300, 'nachher');
      await waitFor(() => peers.every(({ peer }) => missingWords(peer.doc) === 0), 60_000, 'replicas converge').catch(() => undefined);
      await app!.collab.quiescent();
      const degradedMs = Date.now() - fullAt;

      // Everything acknowledged is still there after reopening the data directory.
      await app!.close();
      app = undefined;
      await database!.close();
      database = await open();
      const pageIds = new Set((await database.db.selectFrom('pages').select('id').execute()).map((r) => r.id));
      const expectedPages = [...before, ...acknowledged, after.json().id as string];
      const lostPages = expectedPages.filter((id) => !pageIds.has(id)).length;
      const files = (await database.db.selectFrom('attachments').select('name').execute()).map((r) => r.name);
      const lostFiles = ['Vorher.txt', 'Nachher.txt'].filter((n) => !files.includes(n)).length;
      const lostWords = missingWords(await storedDoc(database.db, pageId)) + Math.max(...peers.map(({ peer }) => missingWords(peer.doc)));
      recordReliability({
        fault: 'data directory disk full',
        backend,
        injected: 1,
        lost: lostPages + lostFiles + lostWords,
        degradedMs,
        detail: `${refusals.length} page writes and 1 upload refused with 507 (${acknowledged.length} fit first), health while full ${health}; 2 clients typed through it (${closedWhileFull} sockets closed by failed commits, clients reconnected); writes again ${Date.now() - freedAt < 60_000 ? 'at once' : 'late'} after freeing`,
      });
      expect(files).not.toContain('Während.txt');
      expect(lostPages).toBe(0);
      expect(lostFiles).toBe(0);
      expect(lostWords).toBe(0);
    });
  });
});
