import { Redis } from 'ioredis';

/** Longest pause between reconnection attempts while Redis is away. */
const MAX_RECONNECT_DELAY_MS = 5_000;

/** Growing pauses between reconnection attempts, up to 5 s, for as long as it takes. */
export const reconnectDelay = (attempt: number) => Math.min(MAX_RECONNECT_DELAY_MS, 100 * 2 ** Math.min(attempt, 6));

/**
 * A Redis connection for receiving published messages (a subscribed connection takes no other
 * commands). It keeps trying while Redis is away; its owner subscribes again on each 'ready'
 * (also after an outage) and catches up on what it missed. Errors are not logged here: the
 * command connection already reports outages.
 */
export function subscriberConnection(url: string, keyPrefix?: string): Redis {
  const subscriber = new Redis(url, {
    ...(keyPrefix ? { keyPrefix } : {}),
    lazyConnect: true,
    connectTimeout: 2_000,
    autoResubscribe: false,
    retryStrategy: reconnectDelay,
  });
  subscriber.on('error', () => {});
  return subscriber;
}

/** Quits politely when connected, else drops the connection (and its reconnection attempts). */
export async function closeConnection(connection: Redis): Promise<void> {
  if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
  else connection.disconnect();
}
