import type { UpdateUserInput } from '@stafette/api';
import type { InstanceAction } from './instance.ts';

/** Setting only a planned departure date is a knowledge manager's job too; any other change to an account is an admin's. */
export function accountChangeAction(change: object | null): InstanceAction {
  return Object.keys(change ?? {}).every((k) => k === 'plannedDepartureDate') ? 'users.setDeparture' : 'users.update';
}

/**
 * Administrators do not deactivate or demote themselves: they could leave the instance without
 * an administrator, and could not undo it. Another administrator does it (409 `self-lockout`).
 */
export function locksSelfOut(actorId: string, accountId: string, change: Pick<UpdateUserInput, 'active' | 'role'>): boolean {
  return actorId === accountId && (change.active === false || (change.role !== undefined && change.role !== 'admin'));
}
