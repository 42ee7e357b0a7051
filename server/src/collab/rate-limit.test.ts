import { describe, expect, it } from 'vitest';
import { RateLimit } from './rate-limit.ts';

describe('RateLimit', () => {
  it('passes a sustained rate at the limit and cuts a burst beyond it', () => {
    let now = 0;
    const limit = new RateLimit(2000, 4000, () => now);
    // 1,500 messages per second for 10 seconds: all pass.
    let refused = 0;
    for (let ms = 0; ms < 10_000; ms++) {
      now = ms;
      for (let i = 0; i < (ms % 2 === 0 ? 2 : 1); i++) if (!limit.take()) refused++;
    }
    expect(refused).toBe(0);
    // 10,000 at once: cut after the bucket.
    let passed = 0;
    for (let i = 0; i < 10_000; i++) if (limit.take()) passed++;
    expect(passed).toBeLessThanOrEqual(4000);
  });
});
