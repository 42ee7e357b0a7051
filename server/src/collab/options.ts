import { envIntegers } from '../env-integers.ts';

/** Tunables of the collaboration server; defaults suit a wiki page, tests shorten the timers. */
export interface CollabOptions {
  /** Largest accepted WebSocket message (bytes). */
  maxMessageBytes: number;
  /** Largest document (bytes of its stored form) an update may grow it to. */
  maxDocumentBytes: number;
  /** Per-socket message rate: sustained messages per second and the burst on top. */
  messagesPerSecond: number;
  messageBurst: number;
  /**
   * Per user, over all their collaboration sockets (pages and interviews) on every instance:
   * messages per second, averaged over a sliding window of `userMessageWindowSeconds`, and
   * open sockets (user-budget.ts).
   */
  userMessagesPerSecond: number;
  userMessageWindowSeconds: number;
  userMaxSockets: number;
  /** Group commit: how long the first update of a batch waits for others (ms); 0 = the rest of the event-loop turn. Only the "stored" mark waits on it, not the relay. */
  flushWindowMs: number;
  /** Group commit: flushes (INSERT + commit) running at once. */
  flushesInFlight: number;
  /** Most updates in one flush (bounds the size and duration of one statement). */
  maxBatchRows: number;
  /** Compact once the log tail holds this many updates or bytes. */
  compactRows: number;
  compactBytes: number;
  /** A document with no connections stays loaded this long (ms), up to half as long again (spread). */
  unloadGraceMs: number;
  /** Change listeners run this long after the last change (ms), at the latest after `changeMaxWaitMs` (fired in its last 30 %). */
  changeDebounceMs: number;
  changeMaxWaitMs: number;
  /** A connection whose send buffer exceeds this is closed as too slow (bytes). */
  maxBufferedBytes: number;
  /** Ping interval; a connection that missed a pong by the next ping is dropped (ms). */
  pingIntervalMs: number;
  /** Lifetime of a collaboration token (seconds). */
  tokenTtlSeconds: number;
  /** Largest presence (awareness) state of one client, as JSON bytes after the server set the user in it. */
  maxAwarenessStateBytes: number;
  /** Most entries (client ids) in one awareness message. */
  maxAwarenessEntries: number;
}

export const defaultCollabOptions: CollabOptions = {
  maxMessageBytes: 16 * 1024 * 1024,
  maxDocumentBytes: 64 * 1024 * 1024,
  messagesPerSecond: 2000,
  messageBurst: 4000,
  // One socket sends at most 4000 + 2000/s, 24,000 in 10 s, which stays under 50,000; a few tabs
  // typing or pasting together too. Twenty sockets flooding at 2000/s each are cut after ~1 s.
  userMessagesPerSecond: 5000,
  userMessageWindowSeconds: 10,
  // Far above ~20 tabs (a page and an interview each, twice while old sockets linger after a
  // network change) and a load test under one account; it only stops a socket storm.
  userMaxSockets: 1000,
  // A typing page's updates share a statement (one per 10 ms instead of one per keystroke).
  flushWindowMs: 10,
  flushesInFlight: 2,
  maxBatchRows: 10_000,
  compactRows: 1000,
  compactBytes: 8 * 1024 * 1024,
  unloadGraceMs: 30_000,
  changeDebounceMs: 2000,
  changeMaxWaitMs: 10_000,
  maxBufferedBytes: 32 * 1024 * 1024,
  pingIntervalMs: 30_000,
  tokenTtlSeconds: 300,
  // A y-prosemirror cursor plus name and colour is ~400 bytes.
  maxAwarenessStateBytes: 4096,
  // Real clients echo every state they receive; the server sends at most this many per message.
  maxAwarenessEntries: 100,
};

const ENV: Record<keyof CollabOptions, string> = {
  maxMessageBytes: 'STAFETTE_COLLAB_MAX_MESSAGE_BYTES',
  maxDocumentBytes: 'STAFETTE_COLLAB_MAX_DOCUMENT_BYTES',
  messagesPerSecond: 'STAFETTE_COLLAB_MESSAGES_PER_SECOND',
  messageBurst: 'STAFETTE_COLLAB_MESSAGE_BURST',
  userMessagesPerSecond: 'STAFETTE_COLLAB_USER_MESSAGES_PER_SECOND',
  userMessageWindowSeconds: 'STAFETTE_COLLAB_USER_MESSAGE_WINDOW_SECONDS',
  userMaxSockets: 'STAFETTE_COLLAB_USER_MAX_SOCKETS',
  flushWindowMs: 'STAFETTE_COLLAB_FLUSH_WINDOW_MS',
  flushesInFlight: 'STAFETTE_COLLAB_FLUSHES_IN_FLIGHT',
  maxBatchRows: 'STAFETTE_COLLAB_MAX_BATCH_ROWS',
  compactRows: 'STAFETTE_COLLAB_COMPACT_ROWS',
  compactBytes: 'STAFETTE_COLLAB_COMPACT_BYTES',
  unloadGraceMs: 'STAFETTE_COLLAB_UNLOAD_GRACE_MS',
  changeDebounceMs: 'STAFETTE_COLLAB_CHANGE_DEBOUNCE_MS',
  changeMaxWaitMs: 'STAFETTE_COLLAB_CHANGE_MAX_WAIT_MS',
  maxBufferedBytes: 'STAFETTE_COLLAB_MAX_BUFFERED_BYTES',
  pingIntervalMs: 'STAFETTE_COLLAB_PING_INTERVAL_MS',
  tokenTtlSeconds: 'STAFETTE_COLLAB_TOKEN_TTL_SECONDS',
  maxAwarenessStateBytes: 'STAFETTE_COLLAB_MAX_AWARENESS_STATE_BYTES',
  maxAwarenessEntries: 'STAFETTE_COLLAB_MAX_AWARENESS_ENTRIES',
};

/** Options from `STAFETTE_COLLAB_*` environment variables over the defaults; loadConfig (config.ts) calls it once. */
export function collabOptionsFrom(env: NodeJS.ProcessEnv): CollabOptions {
  const options = envIntegers(env, defaultCollabOptions, ENV);
  if (options.flushesInFlight < 1) throw new Error(`${ENV.flushesInFlight} must be at least 1`);
  for (const key of ['userMessagesPerSecond', 'userMessageWindowSeconds', 'userMaxSockets'] as const) {
    if (options[key] < 1) throw new Error(`${ENV[key]} must be at least 1`);
  }
  if (options.maxAwarenessEntries < 1) throw new Error(`${ENV.maxAwarenessEntries} must be at least 1`);
  return options;
}
