import fs from 'node:fs';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { paragraphText } from './real-clients.ts';

/**
 * Editing traces from josephg/editing-traces (bench/data, see SOURCES.tsv) turned into Yjs
 * updates of a page body: one paragraph of the `prosemirror` fragment, one update per edit.
 */
type Patch = [position: number, deleted: number, inserted: string];

export interface SequentialTrace {
  startContent: string;
  endContent: string;
  txns: { patches: Patch[] }[];
}

export interface ConcurrentTrace {
  endContent: string;
  numAgents: number;
  txns: { parents: number[]; agent: number; patches: Patch[] }[];
}

export function readTrace<T>(name: string): T {
  const file = fileURLToPath(new URL(`../data/${name}.json.gz`, import.meta.url));
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as T;
}

function applyPatches(text: Y.XmlText, patches: Patch[]): void {
  for (const [position, deleted, inserted] of patches) {
    if (deleted > 0) text.delete(position, deleted);
    if (inserted) text.insert(position, inserted);
  }
}

/** The base document (the paragraph) and one update per transaction of a sequential trace. */
export function sequentialUpdates(trace: SequentialTrace): { base: Uint8Array; updates: Uint8Array[]; doc: Y.Doc } {
  const doc = new Y.Doc();
  const text = paragraphText(doc);
  if (trace.startContent) text.insert(0, trace.startContent);
  const base = Y.encodeStateAsUpdate(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const txn of trace.txns) doc.transact(() => applyPatches(text, txn.patches));
  return { base, updates, doc };
}

/**
 * A concurrent trace replayed faithfully: each agent has its own document; before an agent's
 * transaction, it merges exactly the other agents' transactions its parents include (so
 * positions mean what they meant when the edit was made). Returns per transaction the update
 * and the clock its agent's document reached, plus what each transaction needs from others.
 */
export interface ConcurrentReplay {
  base: Uint8Array;
  clientIds: number[];
  steps: { agent: number; update: Uint8Array; clock: number; needs: Map<number, number> }[];
}

export function concurrentUpdates(trace: ConcurrentTrace): ConcurrentReplay {
  const baseDoc = new Y.Doc();
  paragraphText(baseDoc);
  const base = Y.encodeStateAsUpdate(baseDoc);
  const agents = Array.from({ length: trace.numAgents }, (_, a) => {
    const doc = new Y.Doc();
    // Concurrent inserts at one place are ordered by client id in Yjs; the trace's positions
    // assume agent 0's text first, so client ids must ascend with the agent number.
    doc.clientID = 100 + a;
    Y.applyUpdate(doc, base);
    return { doc, text: paragraphText(doc), own: [] as { update: Uint8Array; clock: number }[], merged: new Array<number>(trace.numAgents).fill(0) };
  });
  // Version vector (transactions per agent) of every transaction, inclusive.
  const versions: number[][] = [];
  const steps: ConcurrentReplay['steps'] = [];
  trace.txns.forEach((txn, i) => {
    const parents = new Array<number>(trace.numAgents).fill(0);
    for (const p of txn.parents) versions[p]!.forEach((n, a) => (parents[a] = Math.max(parents[a]!, n)));
    const agent = agents[txn.agent]!;
    if (parents[txn.agent] !== agent.own.length) throw new Error(`txn ${i}: agent ${txn.agent} does not build on its own history`);
    const needs = new Map<number, number>();
    parents.forEach((count, other) => {
      if (other === txn.agent) return;
      const source = agents[other]!;
      while (agent.merged[other]! < count) Y.applyUpdate(agent.doc, source.own[agent.merged[other]!++]!.update);
      if (count > 0) needs.set(agents[other]!.doc.clientID, source.own[count - 1]!.clock);
    });
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array) => (update = u);
    agent.doc.on('update', capture);
    agent.doc.transact(() => applyPatches(agent.text, txn.patches));
    agent.doc.off('update', capture);
    const clock = Y.getState(agent.doc.store, agent.doc.clientID);
    agent.own.push({ update: update!, clock });
    steps.push({ agent: txn.agent, update: update!, clock, needs });
    const version = [...parents];
    version[txn.agent] = agent.own.length;
    versions.push(version);
  });
  return { base, clientIds: agents.map((a) => a.doc.clientID), steps };
}
