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

export class AppEventBus extends EventEmitter<AppEvents> {}
