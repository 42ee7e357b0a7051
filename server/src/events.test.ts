import { describe, expect, it } from 'vitest';
import { AppEventBus } from './events.ts';

describe('AppEventBus', () => {
  it('relays and tells origin listeners only what was emitted here; everyone hears both', () => {
    const bus = new AppEventBus();
    const relayed: string[] = [];
    const origin: string[] = [];
    const heard: string[] = [];
    bus.relayTo((name, args) => relayed.push(`${name}:${args[0]}`));
    bus.onOrigin('user.changed', (id) => origin.push(id));
    bus.on('user.changed', (id) => heard.push(id));

    bus.emit('user.changed', 'here');
    bus.deliverHere('user.changed', 'from-another-instance');

    expect(relayed).toEqual(['user.changed:here']);
    expect(origin).toEqual(['here']);
    expect(heard).toEqual(['here', 'from-another-instance']);
  });
});
