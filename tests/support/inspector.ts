import fs from 'node:fs';
import WebSocket from 'ws';

/**
 * The DevTools protocol of a server process the test started with `--inspect=127.0.0.1:0`: its
 * heap after a full garbage collection, and heap snapshots summarised by constructor. Nothing
 * in the server opens this; only the test's own Node flag does, on the loopback interface.
 */
export interface HeapSummary {
  /** Live objects and their own bytes, by `type:constructor name`. */
  byKind: Map<string, { count: number; bytes: number }>;
  nodes: number;
  bytes: number;
}

export class Inspector {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id === undefined) return;
      const call = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.error) call?.reject(new Error(message.error.message));
      else call?.resolve(message.result);
    });
  }

  /** Connects to the process whose output printed "Debugger listening on ws://…". */
  static async attach(output: () => string, timeoutMs = 10_000): Promise<Inspector> {
    const started = Date.now();
    let url: string | undefined;
    while (!(url = /Debugger listening on (ws:\/\/\S+)/.exec(output())?.[1])) {
      if (Date.now() - started > timeoutMs) throw new Error('the process printed no inspector address (started without --inspect?)');
      await new Promise((r) => setTimeout(r, 50));
    }
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const inspector = new Inspector(socket);
    await inspector.send('HeapProfiler.enable');
    return inspector;
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Bytes of the JavaScript heap in use after a full collection (what is really retained). */
  async heapUsedAfterGc(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    return ((await this.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  }

  /**
   * A heap snapshot (taken after a full collection), counted by node type and constructor. The
   * process writes it to `file` itself (v8.writeHeapSnapshot): streaming it through the
   * protocol took minutes for a 100 MB heap.
   */
  async heapSnapshot(file: string): Promise<HeapSummary> {
    await this.send('HeapProfiler.collectGarbage');
    const expression = `process.getBuiltinModule('v8').writeHeapSnapshot(${JSON.stringify(file)})`;
    const answer = (await this.send('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value?: string }; exceptionDetails?: { text: string } };
    if (answer.exceptionDetails) throw new Error(`heap snapshot failed: ${answer.exceptionDetails.text}`);
    const snapshot = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
      nodes: number[];
      strings: string[];
    };
    fs.rmSync(file, { force: true });
    const fields = snapshot.snapshot.meta.node_fields;
    const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
    const types = snapshot.snapshot.meta.node_types[0];
    const byKind = new Map<string, { count: number; bytes: number }>();
    let bytes = 0;
    for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
      const type = types[snapshot.nodes[i + typeAt]!]!;
      // Strings and code are named by their content: count them by type alone.
      const name = type === 'object' || type === 'closure' || type === 'native' ? snapshot.strings[snapshot.nodes[i + nameAt]!] : '';
      const key = `${type}:${name}`;
      const size = snapshot.nodes[i + sizeAt]!;
      const entry = byKind.get(key) ?? { count: 0, bytes: 0 };
      entry.count += 1;
      entry.bytes += size;
      bytes += size;
      byKind.set(key, entry);
    }
    return { byKind, nodes: snapshot.nodes.length / fields.length, bytes };
  }

  close(): void {
    this.socket.close();
  }
}

/** The kinds that grew most in live bytes from `before` to `after`, for a report. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top = 6): { kind: string; count: number; bytes: number }[] {
  const kinds = new Set([...before.byKind.keys(), ...after.byKind.keys()]);
  return [...kinds]
    .map((kind) => {
      const a = before.byKind.get(kind) ?? { count: 0, bytes: 0 };
      const b = after.byKind.get(kind) ?? { count: 0, bytes: 0 };
      return { kind, count: b.count - a.count, bytes: b.bytes - a.bytes };
    })
    .sort((x, y) => y.bytes - x.bytes)
    .slice(0, top);
}
