import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { openPglite } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { createCollabToken } from '../../server/src/collab/collab-tokens.ts';
import { createSession } from '../../server/src/auth/sessions.ts';
import { insertUser } from '../../server/src/users/users-service.ts';
import { type Backend, freshDatabase } from '../support/databases.ts';
import { seedPage, seedSpace } from '../support/seed.ts';
import { bodyText, connectPeer, storedDoc, synced, type TestPeer, waitFor } from '../support/collab.ts';
import { freePort, killed, type ServerProcess, startServer } from '../support/server-process.ts';
import { seededRandom } from './random.ts';

/**
 * SIGKILL the real server at seeded random moments while clients type on several pages and a
 * Markdown import (and on PostgreSQL a reindex) runs; restart it at once each time. Measures
 * what the issue asks: edits a client held from others at a kill that were not stored once the
 * clients re-synced (relays do not wait on the commit, so a client may hold an edit storage
 * lacks at the kill; its reconnect must send it), edits lost at the end,
 * half-imported pages, imported pages search does not find, and how long each restart took.
 */
export interface CrashOptions {
  backend: Backend;
  clients: number;
  pages: number;
  rounds: number;
  seed: number;
  imports: number;
}

export interface CrashResult {
  rounds: number;
  edits: number;
  /**
   * Clocks of other clients a client held at the moment of a kill that storage still lacks at
   * the end (after the clients re-synced and the server stopped cleanly).
   */
  heldNotStored: number;
  /** Words typed by a client that are missing from a replica or from storage at the end. */
  lostEdits: number;
  /** Imports stored (the others were cut off by a kill before their commit). */
  importsStored: number;
  /** Imports that exist without their body, or twice. */
  halfImports: number;
  /** Imports that exist but search does not find within 30 s. */
  unindexed: number;
  /** Longest time from SIGKILL to a listening server again (ms). */
  worstRestartMs: number;
}

interface Fixture {
  env: Record<string, string>;
  pageIds: string[];
  tokens: string[][];
  cookie: string;
  csrf: string;
  spaceId: string;
  /** Opens the database from outside the server (PGlite only while the server is down). */
  withDb<T>(fn: (db: import('kysely').Kysely<any>) => Promise<T>): Promise<T>;
  cleanup(): Promise<void>;
}

async function prepare(options: CrashOptions): Promise<Fixture> {
  const seedInto = async (db: import('kysely').Kysely<any>) => {
    const user = await insertUser(db, { email: `absturz-${Date.now()}@example.org`, password: 'korrekt-Pferd-Batterie', displayName: 'Tipperin', role: 'admin' });
    const spaceId = await seedSpace(db, { name: 'Absturzamt', owners: [user] });
    const pageIds: string[] = [];
    for (let p = 0; p < options.pages; p++) pageIds.push((await seedPage(db, { spaceId, title: `Seite ${p}` })).pageId);
    const tokens: string[][] = [];
    for (let c = 0; c < options.clients; c++) {
      const pageId = pageIds[c % options.pages]!;
      tokens.push([pageId, (await createCollabToken(db, user.id, pageId, 7200)).token]);
    }
    const session = await createSession(db, user.id, { idleMinutes: 120, lifetimeHours: 2 }, { ip: '127.0.0.1', userAgent: 'crash suite' });
    return { pageIds, tokens, cookie: `stafette_session=${session.token}`, csrf: session.csrfToken, spaceId };
  };
  if (options.backend === 'postgres') {
    const fresh = await freshDatabase('postgres');
    const seeded = await seedInto(fresh.db);
    return { ...seeded, env: { DATABASE_URL: fresh.url! }, withDb: (fn) => fn(fresh.db), cleanup: () => fresh.drop() };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-crash-'));
  const dir = path.join(dataDir, 'pglite');
  const database = await openPglite(dir);
  await migrateToLatest(database.db);
  const seeded = await seedInto(database.db);
  await database.close();
  return {
    ...seeded,
    // DATABASE_URL may be set for the test run: the server must use the embedded database.
    env: { STAFETTE_DATA_DIR: dataDir, DATABASE_URL: '' },
    async withDb(fn) {
      const db = await openPglite(dir);
      try {
        return await fn(db.db);
      } finally {
        await db.close();
      }
    },
    cleanup: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A word only this imported page contains. */
const marker = (title: string) => `Merkwort${title.replace(/\W/g, '')}`;

export async function runCrashRounds(options: CrashOptions, log: (line: string) => void = () => {}): Promise<CrashResult> {
  const random = seededRandom(options.seed);
  const fixture = await prepare(options);
  const port = await freePort();
  const env = { ...fixture.env, PORT: String(port) };
  const http = `http://127.0.0.1:${port}`;
  let server: ServerProcess = await startServer(env);
  const result: CrashResult = { rounds: options.rounds, edits: 0, heldNotStored: 0, lostEdits: 0, importsStored: 0, halfImports: 0, unindexed: 0, worstRestartMs: 0 };
  const peers: { peer: TestPeer; pageId: string; words: string[] }[] = fixture.tokens.map(([pageId, token]) => ({
    peer: connectPeer(`ws://127.0.0.1:${port}/collab`, pageId!, { token }),
    pageId: pageId!,
    words: [],
  }));
  const held: { pageId: string; own: number; sv: Map<number, number> }[] = [];
  try {
    await Promise.all(peers.map(({ peer }) => synced(peer, 60_000)));
    let typing = true;
    const loops = peers.map(async (p, i) => {
      for (let n = 0; typing; n++) {
        const word = `c${i}w${n} `;
        p.peer.text.insert(p.peer.text.length, word);
        p.words.push(word.trim());
        await new Promise((r) => setTimeout(r, 40 + Math.floor(random() * 40)));
      }
    });

    const importTitles = Array.from({ length: options.imports }, (_, i) => `Import ${options.seed}-${i}`);
    const importBody = (title: string) => `# ${title}\n\n${marker(title)} steht nur hier.\n\n- Punkt eins\n- Punkt zwei\n`;
    const importing = (async () => {
      for (const title of importTitles) {
        // Like a careful script: a request the server never received is sent again; one whose
        // answer was cut off is not (it may have been stored).
        for (;;) {
          const res = await fetch(`${http}/api/v1/pages/import`, {
            method: 'POST',
            headers: { cookie: fixture.cookie, 'x-csrf-token': fixture.csrf, 'content-type': 'application/json' },
            body: JSON.stringify({ spaceId: fixture.spaceId, title, markdown: importBody(title) }),
          }).catch((err: Error & { cause?: { code?: string } }) => err);
          log(`import ${title}: ${res instanceof Error ? `${res.message} (${String(res.cause)})` : res.status}`);
          if (!(res instanceof Error && res.cause?.code === 'ECONNREFUSED')) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    // A reindex in its own process, where the database allows a second process (PostgreSQL).
    const reindex = options.backend === 'postgres' ? spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', 'reindex'], { env: { ...process.env, ...fixture.env }, stdio: 'ignore' }) : null;

    for (let round = 0; round < options.rounds; round++) {
      await new Promise((r) => setTimeout(r, 400 + Math.floor(random() * 1200)));
      const killedAt = Date.now();
      await killed(server.child, 'SIGKILL');
      // What each client holds from others arrived through the server; stored or not at the
      // kill, it must be stored once the clients re-synced (checked at the end).
      for (const { peer, pageId } of peers) held.push({ pageId, own: peer.doc.clientID, sv: Y.decodeStateVector(Y.encodeStateVector(peer.doc)) });
      server = await startServer(env);
      result.worstRestartMs = Math.max(result.worstRestartMs, Date.now() - killedAt);
      log(`round ${round + 1}/${options.rounds}: killed and restarted in ${Date.now() - killedAt} ms`);
    }

    await importing;
    await new Promise((r) => setTimeout(r, 1000));
    typing = false;
    await Promise.all(loops);
    await Promise.all(peers.map(({ peer }) => synced(peer, 60_000)));
    result.edits = peers.reduce((n, p) => n + p.words.length, 0);
    const wordsOf = (doc: Y.Doc) => new Set(bodyText(doc).split(/[\s|]+/));
    const everyWordIn = (words: Set<string>, pageId: string) => peers.filter((p) => p.pageId === pageId).every((p) => p.words.every((w) => words.has(w)));
    await waitFor(() => peers.every(({ peer, pageId }) => everyWordIn(wordsOf(peer.doc), pageId)), 60_000, 'every edit on every replica').catch(() => undefined);
    for (const { peer, pageId } of peers) {
      const words = wordsOf(peer.doc);
      for (const p of peers.filter((x) => x.pageId === pageId)) result.lostEdits += p.words.filter((w) => !words.has(w)).length;
    }

    if (reindex) await new Promise((r) => (reindex.exitCode !== null ? r(null) : reindex.once('exit', r)));
    for (const p of peers) p.peer.provider.disconnect();

    // Stopped cleanly, storage holds every word, and every imported page exists once with its body.
    await killed(server.child, 'SIGTERM');
    const imported = await fixture.withDb(async (db) => {
      const stored = new Map<string, Map<number, number>>();
      for (const pageId of fixture.pageIds) {
        const doc = await storedDoc(db, pageId);
        stored.set(pageId, Y.decodeStateVector(Y.encodeStateVector(doc)));
        const words = new Set(bodyText(doc).split(/[\s|]+/));
        for (const p of peers.filter((x) => x.pageId === pageId)) result.lostEdits += p.words.filter((w) => !words.has(w)).length;
      }
      for (const { pageId, own, sv } of held) {
        for (const [client, clock] of sv) if (client !== own && (stored.get(pageId)!.get(client) ?? 0) < clock) result.heldNotStored += 1;
      }
      const rows: { id: string; title: string }[] = await db.selectFrom('pages').select(['id', 'title']).where('title', 'in', importTitles).execute();
      for (const title of importTitles) if (rows.filter((r) => r.title === title).length > 1) result.halfImports += 1;
      for (const row of rows) if (!bodyText(await storedDoc(db, row.id)).includes(marker(row.title))) result.halfImports += 1;
      result.importsStored = new Set(rows.map((r) => r.title)).size;
      return rows;
    });

    // Search finds every imported page (the index caught up after the crashes).
    server = await startServer(env);
    for (const row of imported) {
      let found = false;
      for (const until = Date.now() + 30_000; !found && Date.now() < until; ) {
        const res = await fetch(`${http}/api/v1/search?q=${encodeURIComponent(marker(row.title))}`, { headers: { cookie: fixture.cookie } });
        found = res.ok && ((await res.json()) as { hits: { title: string }[] }).hits.some((hit) => hit.title === row.title);
        if (!found) await new Promise((r) => setTimeout(r, 250));
      }
      if (!found) result.unindexed += 1;
    }
    return result;
  } finally {
    for (const { peer } of peers) peer.destroy();
    await killed(server.child, 'SIGKILL');
    await fixture.cleanup();
  }
}
