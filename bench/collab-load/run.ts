/**
 * collab-load:
 * 1. Cold load (first client connect → synced, nothing loaded) of a page whose stored history
 *    is the whole automerge-paper trace (259,779 rows, never compacted), of pages stored as a
 *    snapshot plus the longest tail compaction leaves under normal typing (the server's
 *    `compactRows`) and in the middle of a flood (`FLOOD_COMPACT_FACTOR` times that, see
 *    server/src/collab/room.ts), and of a page stored as one snapshot of the final state.
 * 2. Memory per open page: 1,000 wiki-sized pages (~4 KB of text in 12 paragraphs) held open by
 *    one light client each; server heap and RSS after a GC, before and after, per page; the
 *    peers get the same content from the client.
 * Options: --rounds=5 --pages=1000 --servers=stafette,ywss,hocuspocus
 */
import os from 'node:os';
import * as Y from 'yjs';
import { option } from '../collab-support/args.ts';
import { createBenchDatabase } from '../collab-support/database.ts';
import { LightClient } from '../collab-support/light-client.ts';
import { pinSelf } from '../collab-support/pin.ts';
import { bodyText, connectReal } from '../collab-support/real-clients.ts';
import { type ServerKind, serverLabel, startServer } from '../collab-support/servers.ts';
import { loadAverage, machine, median, sleep, spread, table } from '../collab-support/stats.ts';
import { readTrace, sequentialUpdates, type SequentialTrace } from '../collab-support/traces.ts';
import { defaultCollabOptions } from '@stafette/server/collab/options.ts';
import { FLOOD_COMPACT_FACTOR } from '@stafette/server/collab/room.ts';

pinSelf(1);

const rounds = option('rounds', 5);
const pageCount = option('pages', 1000);
const kinds = option('servers', 'stafette,ywss,hocuspocus').split(',') as ServerKind[];
const TAIL = defaultCollabOptions.compactRows;
const FLOOD_TAIL = TAIL * FLOOD_COMPACT_FACTOR;
const KEYS = ['history', 'flood', 'compacted', 'snapshot'] as const;
type Key = (typeof KEYS)[number];

function wikiPage(n: number): Uint8Array {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('prosemirror');
  const heading = new Y.XmlElement('heading');
  heading.setAttribute('level', '2');
  heading.insert(0, [new Y.XmlText(`Verfahren ${n}: Antrag auf Wohngeld`)]);
  fragment.push([heading]);
  for (let i = 0; i < 11; i++) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(`Schritt ${i + 1}: Die Sachbearbeitung prüft die eingereichten Unterlagen auf Vollständigkeit, fordert fehlende Nachweise an und dokumentiert das Ergebnis in der Akte. `.repeat(2))]);
    fragment.push([p]);
  }
  return Y.encodeStateAsUpdate(doc);
}

async function main() {
  console.log(`collab-load; machine: ${machine()}`);
  const database = await createBenchDatabase();
  const db = database.db;
  const insertRows = async (pageId: string, rows: Uint8Array[], snapshotFirst: boolean) => {
    for (let i = 0; i < rows.length; i += 5000) {
      await db
        .insertInto('page_updates')
        .values(rows.slice(i, i + 5000).map((data, k) => ({ page_id: pageId, data, snapshot: snapshotFirst && i + k === 0 })))
        .execute();
    }
  };
  try {
    // 1. Cold loads.
    const trace = readTrace<SequentialTrace>('automerge-paper');
    const { base, updates, doc } = sequentialUpdates(trace);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const withTail = (tail: number) => {
      const partial = new Y.Doc();
      Y.applyUpdate(partial, base);
      for (const u of updates.slice(0, updates.length - tail)) Y.applyUpdate(partial, u);
      return [Y.encodeStateAsUpdate(partial), ...updates.slice(updates.length - tail)];
    };
    const layouts: Record<Key, { label: string; rows: Uint8Array[]; snapshot: boolean }> = {
      history: { label: `whole trace as history (${updates.length + 1} rows)`, rows: [base, ...updates], snapshot: false },
      flood: { label: `snapshot + ${FLOOD_TAIL}-row tail (longest, mid-flood)`, rows: withTail(FLOOD_TAIL), snapshot: true },
      compacted: { label: `snapshot + ${TAIL}-row tail (longest, normal typing)`, rows: withTail(TAIL), snapshot: true },
      snapshot: { label: `one snapshot (${snapshot.length} bytes)`, rows: [snapshot], snapshot: true },
    };
    const pages: Record<Key, { pageId: string; token: string }[]> = { history: [], flood: [], compacted: [], snapshot: [] };
    // The long history once (inserting 260k rows takes a while); the others every round.
    for (const key of KEYS) {
      for (let r = 0; r < (key === 'history' ? 1 : rounds); r++) {
        const page = await database.page(key);
        await insertRows(page.pageId, layouts[key].rows, layouts[key].snapshot);
        pages[key]!.push(page);
      }
    }
    const server = await startServer('stafette', { env: { DATABASE_URL: database.url } });
    const times: Record<Key, number[]> = { history: [], flood: [], compacted: [], snapshot: [] };
    let secondLoad = NaN;
    try {
      const load = async (page: { pageId: string; token: string }) => {
        const t0 = performance.now();
        const client = connectReal({ kind: 'stafette', url: server.url, room: page.pageId, token: page.token });
        await client.synced;
        const ms = performance.now() - t0;
        if (bodyText(client.doc) !== trace.endContent) throw new Error('loaded text differs from the trace');
        client.destroy();
        return ms;
      };
      for (let r = 0; r < rounds; r++) {
        for (const key of KEYS) {
          const page = pages[key][r];
          if (!page) continue;
          const ms = await load(page);
          times[key].push(ms);
          console.log(`round ${r + 1} ${layouts[key].label}: ${ms.toFixed(0)} ms (load ${os.loadavg()[0]!.toFixed(1)})`);
        }
      }
      // The long history was compacted when loaded: its next cold load (after unload) is a snapshot load.
      await sleep(500);
      await server.stop();
      const again = await startServer('stafette', { env: { DATABASE_URL: database.url } });
      try {
        const t0 = performance.now();
        const client = connectReal({ kind: 'stafette', url: again.url, room: pages.history![0]!.pageId, token: pages.history![0]!.token });
        await client.synced;
        secondLoad = performance.now() - t0;
        client.destroy();
      } finally {
        await again.stop();
      }
    } finally {
      await server.stop();
    }
    const snap = times.snapshot;
    console.log('\ncold load, ms, median (min–max):');
    console.log(
      table(
        ['stored as', 'cold load', 'ratio to snapshot'],
        KEYS.map((key) => [layouts[key].label, spread(times[key], 0), spread(times[key].map((t) => t / median(snap)), 2)]),
      ),
    );
    const rowsLeft = await db.selectFrom('page_updates').select((eb) => eb.fn.countAll<number>().as('n')).where('page_id', '=', pages.history![0]!.pageId).executeTakeFirstOrThrow();
    console.log(`the long history after its first load: ${rowsLeft.n} row(s); next cold load ${secondLoad.toFixed(0)} ms`);

    // 2. Memory per open page.
    const content = wikiPage(0);
    console.log(`\nmemory per open page: ${pageCount} pages of ${content.length} bytes (Yjs update) each`);
    const memRows: string[][] = [];
    const stafettePages: { pageId: string; token: string }[] = [];
    if (kinds.includes('stafette')) {
      for (let i = 0; i < pageCount; i++) stafettePages.push(await database.page(`wiki ${i}`));
      for (let i = 0; i < pageCount; i += 500) {
        await db.insertInto('page_updates').values(stafettePages.slice(i, i + 500).map((p, k) => ({ page_id: p.pageId, data: wikiPage(i + k), snapshot: true }))).execute();
      }
    }
    for (const kind of kinds) {
      const server = await startServer(kind, { env: { DATABASE_URL: database.url } });
      const clients: LightClient[] = [];
      try {
        const before = await server.memory();
        for (let i = 0; i < pageCount; i += 50) {
          await Promise.all(
            Array.from({ length: Math.min(50, pageCount - i) }, async (_, k) => {
              const n = i + k;
              const page = kind === 'stafette' ? stafettePages[n]! : { pageId: `wiki-${n}`, token: undefined };
              const c = new LightClient(kind, server.url, page.pageId, page.token, () => {});
              clients.push(c);
              await c.ready;
              if (kind !== 'stafette') c.sendUpdate(wikiPage(n));
            }),
          );
        }
        await sleep(2000);
        const after = await server.memory();
        const heap = (after.memory.heapUsed - before.memory.heapUsed) / pageCount / 1024;
        const rss = (after.memory.rss - before.memory.rss) / pageCount / 1024;
        memRows.push([serverLabel[kind], heap.toFixed(1), rss.toFixed(1)]);
        console.log(`${serverLabel[kind]}: heap +${heap.toFixed(1)} KiB, RSS +${rss.toFixed(1)} KiB per open page (with its socket)`);
      } finally {
        clients.forEach((c) => c.close());
        await server.stop();
      }
    }
    console.log(table(['server', 'heap KiB per page', 'RSS KiB per page'], memRows));
    console.log(`load average after the run: ${loadAverage()}`);
  } finally {
    await database.drop();
  }
}


await main();
process.exit(0);
