import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openPostgres } from '../../server/src/db/database.ts';
import { withDatabase } from '../support/global-setup.ts';
import { seedPage } from '../support/seed.ts';
import { bodyText, type CollabTestApp, startCollabApp, storedDoc, synced, type TestPeer } from '../support/collab.ts';
import { recordReliability } from './report.ts';

const run = promisify(execFile);
const CLIENTS = Number(process.env.STAFETTE_BACKUP_CLIENTS ?? 50);

/**
 * `pnpm stafette backup` while 50 clients type, then `restore` into a fresh database: the
 * restored pages are a consistent cut (each client's words a gap-free prefix of what it typed,
 * nothing it did not type) and load through the API. PostgreSQL: on PGlite the backup command
 * needs the server stopped (it says so), so there is no "under load" there.
 */
describe.runIf(process.env.DATABASE_URL)('backup while people type', () => {
  let t: CollabTestApp;
  const peers: { peer: TestPeer; pageId: string; words: string[] }[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-backup-'));
  const restoredName = `stafette_restored_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  afterAll(async () => {
    for (const { peer } of peers) peer.destroy();
    await t?.close();
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${restoredName} WITH (FORCE)`);
    await admin.end();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores a consistent state in which every page loads', { timeout: 600_000 }, async () => {
    t = await startCollabApp('postgres');
    const editor = await t.userClient();
    const cookie = editor.headers.cookie!;
    const { spaceId, pageId } = await seedPage(t.database.db, { space: { editors: [editor] } });
    const pageIds = [pageId, ...(await Promise.all([1, 2, 3, 4].map(async () => (await seedPage(t.database.db, { spaceId })).pageId)))];
    for (let i = 0; i < CLIENTS; i++) {
      const page = pageIds[i % pageIds.length]!;
      peers.push({ peer: t.connect(page, { cookie }), pageId: page, words: [] });
    }
    await Promise.all(peers.map(({ peer }) => synced(peer, 60_000)));

    let typing = true;
    const loops = peers.map(async (p, i) => {
      for (let n = 0; typing; n++) {
        const word = `k${i}n${n}`;
        p.peer.text.insert(p.peer.text.length, `${word} `);
        p.words.push(word);
        await new Promise((r) => setTimeout(r, 100 + (i % 7) * 10));
      }
    });
    await new Promise((r) => setTimeout(r, 2000));
    const file = path.join(dir, 'stafette.dump');
    const started = Date.now();
    await run(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', 'backup', file], { env: { ...process.env, DATABASE_URL: t.database.url! } });
    const backupMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 1000));
    typing = false;
    await Promise.all(loops);

    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${restoredName}`);
    await admin.end();
    const restoredUrl = withDatabase(process.env.DATABASE_URL!, restoredName);
    await run(process.execPath, ['--import', 'tsx', 'server/src/cli/main.ts', 'restore', file], { env: { ...process.env, DATABASE_URL: restoredUrl } });

    const restored = await openPostgres(restoredUrl);
    let gaps = 0;
    let wordsRestored = 0;
    try {
      for (const page of pageIds) {
        const doc: Y.Doc = await storedDoc(restored.db, page);
        const present = new Set(bodyText(doc).split(/[\s|]+/));
        for (const p of peers.filter((x) => x.pageId === page)) {
          const kept = p.words.filter((w) => present.has(w)).length;
          wordsRestored += kept;
          // A consistent cut: the first `kept` words, no later one without an earlier one.
          if (!p.words.slice(0, kept).every((w) => present.has(w))) gaps += 1;
        }
        const unknown = [...present].filter((w) => /^k\d+n\d+$/.test(w) && !peers.some((p) => p.words.includes(w)));
        gaps += unknown.length;
      }
      // Every page of the space came back (their documents decoded above).
      const rows = await restored.db.selectFrom('pages').select('id').where('space_id', '=', spaceId).execute();
      expect(rows.length).toBe(pageIds.length);
    } finally {
      await restored.close();
    }
    const typed = peers.reduce((n, p) => n + p.words.length, 0);
    recordReliability({
      fault: 'backup while typing, then restore',
      backend: 'postgres',
      injected: 1,
      lost: gaps,
      detail: `${CLIENTS} clients; backup took ${backupMs} ms; ${wordsRestored} of ${typed} typed words in the backup (the rest came after its snapshot); inconsistent cuts ${gaps}`,
    });
    expect(wordsRestored).toBeGreaterThan(0);
    expect(gaps).toBe(0);
    // And the live database holds every word.
    await t.app.collab.quiescent();
    for (const page of pageIds) {
      const present = new Set(bodyText(await storedDoc(t.database.db, page)).split(/[\s|]+/));
      for (const p of peers.filter((x) => x.pageId === page)) expect(p.words.filter((w) => !present.has(w))).toEqual([]);
    }
  });
});
