import { afterAll, describe, expect, it } from 'vitest';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { type Database, openPglite } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { createCollabToken } from '../../server/src/collab/collab-tokens.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { backends, freshDatabase, type TestDatabase } from '../support/databases.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, connectPeer, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';

/**
 * SIGKILL the real server (a child process running server/src/main.ts) while clients type,
 * restart it, let the clients reconnect: every edit is there and all replicas are equal. And
 * nothing a client received from the server was missing from storage at the moment of the kill.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Everything the server processes printed, shown when the test fails. */
let serverOutput = '';

function startServer(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      serverOutput += chunk.toString();
      if (output.includes('Stafette is running')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output.slice(-2000)}`)));
  });
}

function killed(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe.each(backends)('collaboration durability on %s', (backend) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('loses no edit when the server is killed while clients type', { timeout: 400_000 }, async () => {
    serverOutput = '';
    try {
      await killAndRestart();
    } catch (err) {
      const lines = serverOutput.split('\n').filter((l) => !l.includes('"incoming request"') && !l.includes('"request completed"'));
      throw new Error(`${(err as Error).message}\nserver output:\n${lines.slice(-40).join('\n')}`);
    }
  });

  async function killAndRestart() {
    // The database, seeded before the server starts.
    let database: Database | TestDatabase;
    let env: Record<string, string>;
    let reopen: () => Promise<Database>;
    if (backend === 'postgres') {
      const fresh = await freshDatabase('postgres');
      database = fresh;
      env = { DATABASE_URL: fresh.url! };
      reopen = async () => fresh;
      cleanups.push(() => fresh.drop());
    } else {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-collab-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const dir = path.join(dataDir, 'pglite');
      database = await openPglite(dir);
      await migrateToLatest(database.db);
      // DATABASE_URL may be set for the test run: the child must use the embedded database.
      env = { STAFETTE_DATA_DIR: dataDir, DATABASE_URL: '' };
      reopen = () => openPglite(dir);
    }
    const user = await insertUser(database.db, { email: `tipp-${Date.now()}@example.org`, password: 'korrekt-Pferd-Batterie', displayName: 'Tipperin', role: 'user' });
    const { pageId } = await seedPage(database.db, { space: { editors: [user] } });
    const tokens = await Promise.all([0, 1, 2, 3].map(() => createCollabToken(database.db, user.id, pageId, 3600)));
    if (backend === 'pglite') await database.close();

    const port = await freePort();
    env.PORT = String(port);
    let server = await startServer(env);
    cleanups.push(() => killed(server, 'SIGKILL'));
    const baseUrl = `ws://127.0.0.1:${port}/collab`;

    const typists: TestPeer[] = [0, 1, 2].map((i) => connectPeer(baseUrl, pageId, { token: tokens[i]!.token }));
    const observer = connectPeer(baseUrl, pageId, { token: tokens[3]!.token });
    const everyone = [...typists, observer];
    cleanups.push(() => everyone.forEach((p) => p.destroy()));
    await Promise.all(everyone.map((p) => synced(p, 20_000)));

    // Each typist appends numbered words to its own paragraph, continuously.
    const typed: string[][] = typists.map(() => []);
    let typing = true;
    const loops = typists.map(async (peer, i) => {
      for (let n = 0; typing; n++) {
        const word = `t${i}w${n} `;
        peer.text.insert(peer.text.length, word);
        typed[i]!.push(word);
        await new Promise((r) => setTimeout(r, 15));
      }
    });

    await new Promise((r) => setTimeout(r, 1500));
    await killed(server, 'SIGKILL');
    const observed = Y.decodeStateVector(Y.encodeStateVector(observer.doc));
    const observedText = bodyText(observer.doc);
    // Clients keep typing while the server is down.
    await new Promise((r) => setTimeout(r, 500));

    // Everything the observer received through the server was stored before it was relayed.
    const afterKill = await reopen();
    const stored = await storedDoc(afterKill.db, pageId);
    const storedSv = Y.decodeStateVector(Y.encodeStateVector(stored));
    for (const [client, clock] of observed) {
      if (client === observer.doc.clientID) continue;
      expect(storedSv.get(client) ?? 0, `client ${client}`).toBeGreaterThanOrEqual(clock);
    }
    expect(observedText.length).toBeGreaterThan(100);
    if (backend === 'pglite') await afterKill.close();

    server = await startServer(env);
    await new Promise((r) => setTimeout(r, 1000));
    typing = false;
    await Promise.all(loops);
    await Promise.all(everyone.map((p) => synced(p, 20_000)));
    const expected = typed.map((words) => words.join(''));
    await waitFor(
      () => everyone.every((p) => expected.every((text) => bodyText(p.doc).includes(text))),
      20_000,
      'every edit on every replica',
    );
    await waitFor(() => everyone.every((p) => bodyText(p.doc) === bodyText(observer.doc)), 10_000, 'equal replicas');
    for (const p of everyone) expect(Y.encodeStateVector(p.doc)).toEqual(Y.encodeStateVector(observer.doc));

    // Stopped cleanly, the stored document is the replicas' document.
    everyone.forEach((p) => p.provider.disconnect());
    await killed(server, 'SIGTERM');
    const final = await reopen();
    const finalDoc = await storedDoc(final.db, pageId);
    expect(bodyText(finalDoc)).toBe(bodyText(observer.doc));
    if (backend === 'pglite') await final.close();
  }
});
