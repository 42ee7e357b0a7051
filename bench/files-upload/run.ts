/**
 * Upload of one large file (1 GiB by default) through POST /api/v1/pages/:id/attachments
 * against a plain `cp` of the same file on the same file system: wall time as throughput and
 * the ratio of the two, and memory: the server's resident set growth during the upload
 * (sampled) next to the file size and to cp's peak RSS. The server runs in this process on an
 * in-memory PGlite with its data directory in a temporary folder; curl (a separate process)
 * sends the multipart request, so the client's memory is not counted. Rounds alternate the order.
 *
 *   node --import tsx bench/files-upload/run.ts            # --mb 1024 --rounds 2
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openDatabase } from '../../server/src/db/database.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { insertUser } from '../../server/src/users/users-service.ts';

const args = new Map(process.argv.slice(2).map((a, i, all) => [a, all[i + 1] ?? '']));
const sizeMb = Number(args.get('--mb') || 1024);
const rounds = Number(args.get('--rounds') || 2);
const MB = 1024 * 1024;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stafette-bench-upload-'));
const source = path.join(dir, 'Luftbilder.bin');

/** Pseudo-random bytes (incompressible, no recognisable format), written in 8 MB blocks. */
function writeSource(): string {
  const fd = fs.openSync(source, 'w');
  const hash = createHash('sha256');
  let block = createHash('sha512').update('stafette').digest();
  const chunk = Buffer.alloc(8 * MB);
  for (let written = 0; written < sizeMb * MB; written += chunk.length) {
    for (let o = 0; o < chunk.length; o += block.length) {
      block = createHash('sha512').update(block).digest();
      block.copy(chunk, o);
    }
    const part = chunk.subarray(0, Math.min(chunk.length, sizeMb * MB - written));
    fs.writeSync(fd, part);
    hash.update(part);
  }
  fs.closeSync(fd);
  return hash.digest('hex');
}

const sha = writeSource();
const dataDir = path.join(dir, 'data');
fs.mkdirSync(dataDir);
const config = { ...loadConfig({}), dataDir, clientDist: '/nonexistent', logLevel: 'warn' };
config.files = { ...config.files, maxBytes: (sizeMb + 16) * MB, spaceQuotaBytes: 0, sweepIntervalMs: 0 };
const database = await openDatabase({ databaseUrl: null, pgliteDir: null });
await migrateToLatest(database.db);
const app = await buildApp({ config, database, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address() as AddressInfo;

const password = 'korrekt-Pferd-Batterie-Bench';
const user = await insertUser(app.db, { email: 'bench@example.org', password, displayName: 'Bench', role: 'admin' });
const space = await app.db.insertInto('spaces').values({ name: 'Vermessung', created_by: user.id }).returning('id').executeTakeFirstOrThrow();
await app.db.insertInto('space_members').values({ space_id: space.id, user_id: user.id, role: 'owner' }).execute();
const page = await app.db.insertInto('pages').values({ space_id: space.id, title: 'Luftbilder', created_by: user.id }).returning('id').executeTakeFirstOrThrow();
const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: user.email, password } });
const cookie = login.cookies.find((c) => c.name === 'stafette_session')!;
const csrf = login.json().csrfToken as string;

/** Runs `fn` while sampling this process's RSS every 20 ms; returns its wall time and the peak RSS growth. */
async function measured(fn: () => Promise<void> | void): Promise<{ ms: number; rssGrowth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  await fn();
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, rssGrowth: peak - before };
}

async function upload(): Promise<void> {
  // curl runs asynchronously so this process keeps serving the request.
  const { spawn } = await import('node:child_process');
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('curl', [
      '-sS', '-f', '-o', '-', '-H', `x-csrf-token: ${csrf}`, '-H', `cookie: ${cookie.name}=${cookie.value}`,
      '-F', `file=@${source};filename=Luftbilder.bin`, `http://127.0.0.1:${port}/api/v1/pages/${page.id}/attachments`,
    ]);
    let body = '';
    child.stdout.on('data', (d) => (body += d));
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('exit', (code) => (code === 0 ? resolve(body) : reject(new Error(`curl exited ${code}`))));
  });
  const size = (JSON.parse(out) as { size: number }).size;
  if (size !== sizeMb * MB) throw new Error(`uploaded ${size} bytes`);
  const row = await app.db.selectFrom('attachments').select('sha256').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  if (row.sha256 !== sha) throw new Error('stored hash differs');
  // Next round stores the blob anew.
  await app.db.deleteFrom('attachments').execute();
  await app.db.deleteFrom('file_blobs').execute();
  await app.files.store.remove(sha);
}

function copy(): number {
  const target = path.join(dataDir, 'cp-copy.bin');
  const result = spawnSync('/usr/bin/time', ['-f', '%M', 'cp', source, target], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cp failed: ${result.stderr}`);
  fs.rmSync(target);
  return Number(result.stderr.trim().split('\n').pop()) * 1024;
}

const uploads: { ms: number; rssGrowth: number }[] = [];
const copies: { ms: number; rss: number }[] = [];
for (let round = 0; round < rounds; round++) {
  const runCopy = async () => {
    let rss = 0;
    const { ms } = await measured(() => {
      rss = copy();
    });
    copies.push({ ms, rss });
  };
  const runUpload = async () => uploads.push(await measured(upload));
  if (round % 2 === 0) {
    await runCopy();
    await runUpload();
  } else {
    await runUpload();
    await runCopy();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const uploadMs = median(uploads.map((u) => u.ms));
const copyMs = median(copies.map((c) => c.ms));
const growth = Math.max(...uploads.map((u) => u.rssGrowth));
const cpRss = Math.max(...copies.map((c) => c.rss));
const mbps = (ms: number) => (sizeMb / (ms / 1000)).toFixed(0);
console.log(
  `${sizeMb} MB file, ${rounds} alternating rounds (median):\n` +
    `  upload over HTTP (multipart, sniff, hash, store): ${(uploadMs / 1000).toFixed(2)} s = ${mbps(uploadMs)} MB/s\n` +
    `  cp of the same file:                              ${(copyMs / 1000).toFixed(2)} s = ${mbps(copyMs)} MB/s\n` +
    `  time ratio upload/cp: ${(uploadMs / copyMs).toFixed(2)}\n` +
    `  server RSS growth during upload (peak of 20 ms samples): ${(growth / MB).toFixed(1)} MB = ${((growth / (sizeMb * MB)) * 100).toFixed(2)} % of the file; ` +
    `cp peak RSS ${(cpRss / MB).toFixed(1)} MB; ratio ${(growth / cpRss).toFixed(1)}`,
);

await app.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
