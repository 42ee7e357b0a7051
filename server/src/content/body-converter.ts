import type { FastifyBaseLogger } from 'fastify';
import { checkDocComplexity, type ComplexityLimits, ContentTooComplexError } from '@stafette/schema';
import { Problem, unavailable } from '../http/problem.ts';
import { BoundedPool, DEFAULT_POOL_SIZE, type PoolOutcome } from '../workers/bounded-pool.ts';
import type { BodyInput, ConvertJob, ConvertResult } from './convert-worker.ts';
import type { DerivedContent } from './derive.ts';
import { KeyedSerial } from './keyed-serial.ts';
import type { ContentOptions } from './options.ts';

export type { BodyInput } from './convert-worker.ts';

/** PM JSON nests deeper than this only when built to hurt: lists ten levels deep are ~30. */
const MAX_DEPTH = 128;
/** Longest a body waits for a free worker (a worker's start-up included, ~1–2 s here); then 503. */
const MAX_WAIT_MS = 15_000;

/**
 * Converts page bodies (Markdown or PM JSON to ProseMirror to Yjs) in worker threads. Parsing
 * and the Yjs conversion cost time in proportion to what was sent: 2.6 MB of autolinks took
 * minutes on the event loop. Here a body from outside is held to `maxElements` nodes and marks
 * (checked right after tokenizing, before the costly part) and every conversion to
 * `convertTimeoutMs`; past either the answer is 422 `content-too-complex` and nothing is stored.
 */
export class BodyConverter {
  private readonly pool: BoundedPool<ConvertJob, ConvertResult>;
  private readonly limits: ComplexityLimits;
  private readonly edits = new KeyedSerial();

  constructor(
    private readonly options: ContentOptions,
    log?: FastifyBaseLogger,
  ) {
    this.limits = { maxElements: options.maxElements, maxDepth: MAX_DEPTH };
    this.pool = new BoundedPool(
      new URL('./convert-worker.ts', import.meta.url),
      // 16 waiting bodies of at most 5 MiB each: the queue holds at most ~80 MB of input.
      {
        name: 'content conversion',
        size: DEFAULT_POOL_SIZE,
        hardTimeoutMs: options.convertTimeoutMs,
        maxWaitMs: MAX_WAIT_MS,
        maxQueue: 16,
        maxHeapMb: 512,
      },
      log,
    );
  }

  /** A new page's body from Markdown: its full Yjs state and derived content. */
  async create(markdown: string): Promise<{ update: Uint8Array; derived: DerivedContent }> {
    const result = this.unwrap(await this.pool.run({ kind: 'create', markdown, limits: this.limits }));
    if (result.kind !== 'created') throw new Error(`unexpected conversion result ${result.kind}`);
    return { update: result.update, derived: result.derived };
  }

  /**
   * `body` as an edit of the document whose full state is `state`; null when nothing changes.
   * `trusted` bodies (held by the server: versions, rewrites) skip the element bound.
   */
  async replacement(state: Uint8Array, body: BodyInput, label: string, trusted = false): Promise<Uint8Array | null> {
    if ('doc' in body) {
      // Checked here, iteratively: handing a deeply nested object to a worker (structured
      // clone) would overflow the stack of the event loop's thread.
      try {
        checkDocComplexity(body.doc, trusted ? { maxElements: Infinity, maxDepth: MAX_DEPTH } : this.limits);
      } catch (err) {
        if (err instanceof ContentTooComplexError) throw tooComplex(`${err.message} Split it into several pages.`);
        throw err;
      }
    }
    const result = this.unwrap(await this.pool.run({ kind: 'replace', state, body, label, limits: trusted ? null : this.limits }));
    if (result.kind !== 'replaced') throw new Error(`unexpected conversion result ${result.kind}`);
    return result.update;
  }

  /**
   * Runs `task` after the body edits of the page queued before it. A replacement is computed off
   * the event loop against a copy of the state: two at once would both replace the same old
   * body, and the page would hold both new ones.
   */
  serialEdit<T>(pageId: string, task: () => Promise<T>): Promise<T> {
    return this.edits.run(pageId, task);
  }

  async close(): Promise<void> {
    await this.edits.idle();
    await this.pool.close();
  }

  private unwrap(outcome: PoolOutcome<ConvertResult>): Exclude<ConvertResult, { kind: 'invalid' | 'too-complex' }> {
    if (outcome.ok) {
      const result = outcome.value;
      if (result.kind === 'invalid') throw new Problem(422, 'invalid-document', 'Invalid document', result.message);
      if (result.kind === 'too-complex') throw tooComplex(`${result.message} Split it into several pages.`);
      return result;
    }
    switch (outcome.reason) {
      case 'timeout':
        throw tooComplex(`The content could not be converted within ${this.options.convertTimeoutMs / 1000} s. Split it into several pages.`);
      case 'crashed':
        throw tooComplex('Converting the content needed more memory than a conversion may use. Split it into several pages.');
      case 'busy':
      case 'closed':
        throw unavailable('Too many page bodies are being converted right now; try again shortly.');
      case 'error':
        throw new Error(`content conversion failed: ${outcome.detail}`);
    }
  }
}

function tooComplex(detail: string): Problem {
  return new Problem(422, 'content-too-complex', 'Content too complex', detail);
}
