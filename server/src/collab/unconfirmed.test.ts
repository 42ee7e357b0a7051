import { describe, expect, it } from 'vitest';
import { Unconfirmed } from './unconfirmed.ts';

const u = (n: number) => new Uint8Array([n]);

describe('updates relayed by another instance before its commit', () => {
  it('are forgotten once their instance confirms them, per instance and up to the confirmed number', async () => {
    const unconfirmed = new Unconfirmed();
    unconfirmed.add('a', 2, [u(1), u(2)], 0);
    unconfirmed.add('b', 1, [u(9)], 5);
    unconfirmed.add('a', 4, [u(3), u(4)], 10);
    const drained = unconfirmed.drained();
    unconfirmed.confirm('a', 3);
    // A message counts as stored only when its last update is: 3 and 4 travelled together.
    expect(unconfirmed.takeOlderThan(100)).toEqual([u(3), u(4), u(9)]);
    expect(unconfirmed.empty).toBe(true);
    await drained;
  });

  it('hand over what stayed unconfirmed past the take-over time, oldest first, and keep the rest', () => {
    const unconfirmed = new Unconfirmed();
    unconfirmed.add('a', 1, [u(1)], 0);
    unconfirmed.add('a', 2, [u(2)], 50);
    unconfirmed.add('b', 7, [u(7)], 20);
    expect(unconfirmed.oldest()).toBe(0);
    expect(unconfirmed.takeOlderThan(30)).toEqual([u(1), u(7)]);
    expect(unconfirmed.oldest()).toBe(50);
    // A late confirmation of what was handed over changes nothing.
    unconfirmed.confirm('b', 7);
    unconfirmed.confirm('a', 2);
    expect(unconfirmed.empty).toBe(true);
  });
});
