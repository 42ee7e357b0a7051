import { randomUUID } from 'node:crypto';
import type { SettleAnswer, SettleReport, SharedBudgetStore } from '../collab/user-budget.ts';
import type { SharedRedis } from './redis-plugin.ts';

/** An instance's socket entry lives this long unless renewed (renewed at least every 5 s); a killed instance's sockets stop counting after it. */
const SOCKET_ENTRY_TTL_MS = 30_000;
/** Users per script call (three keys each). */
const CHUNK = 100;

/**
 * Per user: adds this instance's new messages to the counters of the previous and current
 * window (`INCRBY`, expiring after three windows) and reads back their totals; sets this
 * instance's open sockets in the user's hash as `count:expiresAt` (removed at 0) and sums the
 * other instances' entries, dropping expired ones. Time is Redis's, so instances agree on expiry.
 *
 * KEYS, per user: previous window, current window, sockets. ARGV: instance, entry TTL, window
 * TTL, then per user: add to previous, add to current, sockets.
 */
const SETTLE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local instance = ARGV[1]
local entryTtl = tonumber(ARGV[2])
local windowTtl = tonumber(ARGV[3])
local out = {}
for i = 0, #KEYS / 3 - 1 do
  local totals = {}
  for w = 1, 2 do
    local key = KEYS[i * 3 + w]
    local add = tonumber(ARGV[4 + i * 3 + w - 1])
    if add > 0 then
      totals[w] = redis.call('INCRBY', key, add)
      redis.call('PEXPIRE', key, windowTtl)
    else
      totals[w] = tonumber(redis.call('GET', key) or '0')
    end
  end
  local socketsKey = KEYS[i * 3 + 3]
  local sockets = tonumber(ARGV[4 + i * 3 + 2])
  if sockets > 0 then
    redis.call('HSET', socketsKey, instance, sockets .. ':' .. (now + entryTtl))
    redis.call('PEXPIRE', socketsKey, entryTtl)
  else
    redis.call('HDEL', socketsKey, instance)
  end
  local others = 0
  local entries = redis.call('HGETALL', socketsKey)
  for j = 1, #entries, 2 do
    if entries[j] ~= instance then
      local count, expires = string.match(entries[j + 1], '^(%d+):(%d+)$')
      if count and tonumber(expires) > now then
        others = others + tonumber(count)
      else
        redis.call('HDEL', socketsKey, entries[j])
      end
    end
  end
  out[#out + 1] = totals[1]
  out[#out + 1] = totals[2]
  out[#out + 1] = others
end
return out`;

/**
 * The collaboration budgets of users (collab/user-budget.ts) settled in the shared Redis: one
 * script call per 100 users per settlement, none per message. Keys hold user ids (UUIDs), no
 * names.
 */
export function redisBudgetStore(redis: SharedRedis): SharedBudgetStore {
  const instance = randomUUID();
  return {
    available: redis.available,
    async settle(reports: SettleReport[], windowMs: number): Promise<SettleAnswer[]> {
      const answers: SettleAnswer[] = [];
      for (let i = 0; i < reports.length; i += CHUNK) {
        const chunk = reports.slice(i, i + CHUNK);
        const keys = chunk.flatMap((r) => [`collab-messages:${r.userId}:${r.window - 1}`, `collab-messages:${r.userId}:${r.window}`, `collab-sockets:${r.userId}`]);
        const args = chunk.flatMap((r) => [r.addPrevious, r.addCurrent, r.sockets]);
        const out = (await redis.client.eval(SETTLE, keys.length, ...keys, instance, SOCKET_ENTRY_TTL_MS, 3 * windowMs, ...args)) as number[];
        for (let j = 0; j < chunk.length; j++) answers.push({ previous: Number(out[j * 3]), current: Number(out[j * 3 + 1]), otherSockets: Number(out[j * 3 + 2]) });
      }
      return answers;
    },
  };
}
