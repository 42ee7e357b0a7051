/**
 * collab-ingest:
 * 1. automerge-paper (259,778 real edits) sent through one socket to Stafette with persistence
 *    on PostgreSQL, as fast as the server takes them; done when an observer socket receives
 *    the last edit (the server relays only committed edits). Compared with raw `Y.applyUpdate`
 *    of the same updates in this process. The per-socket message rate limit is raised for
 *    this run (a replay is not a typist); everything else is as in production.
 * 2. friendsforever (26,078 transactions by two concurrent agents) through two real
 *    y-websocket clients: each agent's edit is sent once its client has the other agent's
 *    edits the trace says it saw; both clients must end at the trace's final text.
 * Options: --edits=N (first N edits of automerge-paper) --raw-rounds=3 --profile
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { flag, option } from '../collab-support/args.ts';
import { createBenchDatabase } from '../collab-support/database.ts';
import { LightClient } from '../collab-support/light-client.ts';
import { pinSelf } from '../collab-support/pin.ts';
import { bodyText, connectReal } from '../collab-support/real-clients.ts';
import { cpuShare, startServer } from '../collab-support/servers.ts';
import { cpuMeter, loadAverage, machine, median, spread } from '../collab-support/stats.ts';
import { concurrentUpdates, readTrace, sequentialUpdates, type ConcurrentTrace, type SequentialTrace } from '../collab-support/traces.ts';

pinSelf(1);

const END = '~INGEST-END~';
const profileDir = flag('profile') ? fs.mkdtempSync(path.join(os.tmpdir(), 'collab-ingest-prof-')) : undefined;

function rawApply(base: Uint8Array, updates: Uint8Array[]): number {
  const doc = new Y.Doc();
  const t0 = performance.now();
  Y.applyUpdate(doc, base);
  for (const u of updates) Y.applyUpdate(doc, u);
  const ms = performance.now() - t0;
  doc.destroy();
  return ms;
}

async function main() {
  console.log(`collab-ingest; machine: ${machine()}`);
  const trace = readTrace<SequentialTrace>('automerge-paper');
  const limit = option('edits', trace.txns.length);
  const { base, updates: all, doc: source } = sequentialUpdates({ ...trace, txns: trace.txns.slice(0, limit) });
  // A last edit the observer recognises.
  const endUpdates: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => endUpdates.push(u));
  const sourceText = source.getXmlFragment('prosemirror').get(0) as Y.XmlElement;
  (sourceText.get(0) as Y.XmlText).insert((sourceText.get(0) as Y.XmlText).length, END);
  const updates = [...all, ...endUpdates];
  const expectedText = bodyText(source);
  console.log(`automerge-paper: ${all.length} edits (+1 end marker), final text ${expectedText.length} characters`);

  const database = await createBenchDatabase();
  const server = await startServer('stafette', {
    env: { DATABASE_URL: database.url, STAFETTE_COLLAB_MESSAGES_PER_SECOND: '10000000', STAFETTE_COLLAB_MESSAGE_BURST: '10000000' },
    profileDir,
  });
  try {
    const rawRounds = option('raw-rounds', 3);
    const rawMs: number[] = [];
    rawMs.push(rawApply(base, updates));

    // 1. One socket, persistence on.
    const page = await database.page('automerge-paper');
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    let relayed = 0;
    const observer = new LightClient('stafette', server.url, page.pageId, page.token, (frame) => {
      relayed += 1;
      if (frame.toString('latin1').includes(END)) done();
    });
    const writer = new LightClient('stafette', server.url, page.pageId, page.token, () => {});
    await Promise.all([observer.ready, writer.ready]);
    const before = await server.stats();
    const cpu = cpuMeter();
    const t0 = performance.now();
    writer.sendUpdate(base);
    for (const u of updates) writer.sendUpdate(u);
    await finished;
    const ingestMs = performance.now() - t0;
    const clientCpu = cpu();
    const after = await server.stats();
    const rows = await database.db.selectFrom('page_updates').select((eb) => eb.fn.countAll<number>().as('n')).where('page_id', '=', page.pageId).executeTakeFirstOrThrow();
    // A fresh client must get exactly the trace's final text from the server.
    const check = connectReal({ kind: 'stafette', url: server.url, room: page.pageId, token: page.token });
    await check.synced;
    const correct = bodyText(check.doc) === expectedText;
    check.destroy();
    observer.close();
    writer.close();
    if (writer.closeCode !== null && writer.closeCode !== 1006) console.log(`writer socket closed with ${writer.closeCode}`);

    for (let i = 1; i < rawRounds; i++) rawMs.push(rawApply(base, updates));
    const rawRate = updates.length / (median(rawMs) / 1000);
    const ingestRate = updates.length / (ingestMs / 1000);
    console.log(`raw Y.applyUpdate: ${spread(rawMs.map((ms) => updates.length / (ms / 1000)), 0)} edits/s (${rawRounds} runs)`);
    console.log(
      `through one socket, persisted: ${ingestRate.toFixed(0)} edits/s (${(ingestMs / 1000).toFixed(1)} s), ${(ingestRate / rawRate * 100).toFixed(0)} % of raw; ` +
        `server CPU ${(cpuShare(before, after, ingestMs) * 100).toFixed(0)} %, load generator CPU ${(clientCpu * 100).toFixed(0)} %; ` +
        `${relayed} frames relayed; ${rows.n} rows stored after compaction; final text ${correct ? 'correct' : 'WRONG'}`,
    );

    // 2. friendsforever through two real clients.
    const ff = readTrace<ConcurrentTrace>('friendsforever');
    const replay = concurrentUpdates(ff);
    const ffPage = await database.page('friendsforever');
    const clients = [0, 1].map(() => connectReal({ kind: 'stafette', url: server.url, room: ffPage.pageId, token: ffPage.token }));
    await Promise.all(clients.map((c) => c.synced));
    Y.applyUpdate(clients[0]!.doc, replay.base);
    const has = (doc: Y.Doc, client: number, clock: number) => Y.getState(doc.store, client) >= clock;
    const waitFor = (doc: Y.Doc, needs: Map<number, number>) =>
      new Promise<void>((resolve) => {
        const ready = () => [...needs].every(([client, clock]) => has(doc, client, clock));
        if (ready()) return resolve();
        const check = () => {
          if (!ready()) return;
          doc.off('afterTransaction', check);
          resolve();
        };
        doc.on('afterTransaction', check);
      });
    const baseClient = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(replay.base));
    await waitFor(clients[1]!.doc, baseClient);
    let waits = 0;
    const ffStart = performance.now();
    for (const step of replay.steps) {
      const doc = clients[step.agent]!.doc;
      if (![...step.needs].every(([client, clock]) => has(doc, client, clock))) {
        waits += 1;
        await waitFor(doc, step.needs);
      }
      Y.applyUpdate(doc, step.update);
    }
    const finalClocks = new Map(replay.clientIds.map((id) => [id, Math.max(...replay.steps.filter((s) => replay.clientIds[s.agent] === id).map((s) => s.clock))]));
    await Promise.all(clients.map((c) => waitFor(c.doc, finalClocks)));
    const ffMs = performance.now() - ffStart;
    const texts = clients.map((c) => bodyText(c.doc));
    console.log(
      `friendsforever: ${replay.steps.length} transactions by 2 agents through 2 real clients in ${(ffMs / 1000).toFixed(1)} s ` +
        `(${(replay.steps.length / (ffMs / 1000)).toFixed(0)}/s, ${waits} waits for the other agent); ` +
        `client 1 ${texts[0] === ff.endContent ? 'equals' : 'DIFFERS FROM'} the final text, client 2 ${texts[1] === ff.endContent ? 'equals' : 'DIFFERS FROM'} it`,
    );
    clients.forEach((c) => c.destroy());
    console.log(`load average after the run: ${loadAverage()}`);
  } finally {
    await server.stop();
    await database.drop();
    if (profileDir) console.log(`CPU profiles: ${profileDir}`);
  }
}

await main();
process.exit(0);
