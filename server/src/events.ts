import { EventEmitter } from 'node:events';

/**
 * In-process notifications between capabilities, e.g. the collaboration server closing the
 * sockets of a user who was just deactivated. Emitted after the change committed.
 */
export interface AppEvents {
  /** A user's access changed as a whole (deactivated, role changed). */
  'user.changed': [userId: string];
  /** A user's membership in a space changed (added, role changed, removed). */
  'membership.changed': [spaceId: string, userId: string];
  /** Access to a space changed for everyone (archived, restored). */
  'space.changed': [spaceId: string];
  /** A page moved, was archived, restored or deleted. */
  'page.changed': [pageId: string];
  /**
   * Sign-in credentials of a user were revoked: a session ended (signed out) or an API token was
   * revoked; `everywhere`: every session and collaboration token ended (signed out everywhere,
   * password changed). Sockets opened with a revoked credential close.
   */
  'credentials.revoked': [userId: string, everywhere: boolean];
}

export type AppEventName = keyof AppEvents;

/** Called with each event emitted on this instance (server/src/cluster/event-relay.ts sends it to the others). */
export type AppEventRelay = <K extends AppEventName>(name: K, args: AppEvents[K]) => void;

export class AppEventBus extends EventEmitter<AppEvents> {
  private readonly relays: AppEventRelay[] = [];
  private readonly originListeners = new EventEmitter<AppEvents>();

  /** Also hands every event emitted here to `relay`; events from `deliverHere` are not handed on again. */
  relayTo(relay: AppEventRelay): void {
    this.relays.push(relay);
  }

  /**
   * Listens only to events emitted on this instance, for work done once per change (database
   * writes), not once per instance; `on` also hears relayed events, for what each instance holds
   * (its sockets, its event streams).
   */
  onOrigin<K extends AppEventName>(name: K, listener: (...args: AppEvents[K]) => void): void {
    // The generic listener does not narrow to EventEmitter's conditional parameter type.
    this.originListeners.on(name, listener as never);
  }

  override emit<K extends AppEventName>(name: K, ...args: AppEvents[K]): boolean {
    for (const relay of this.relays) relay(name, args);
    this.originListeners.emit(name, ...(args as never));
    return this.deliverHere(name, ...args);
  }

  /**
   * To the listeners of this instance only, not relayed: an event another instance emitted, or
   * one every instance finds by itself (a deactivation done by the CLI).
   */
  deliverHere<K extends AppEventName>(name: K, ...args: AppEvents[K]): boolean {
    // The generic spread does not narrow to EventEmitter's conditional parameter type.
    return super.emit(name, ...(args as never));
  }
}
