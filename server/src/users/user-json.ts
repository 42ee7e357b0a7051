import type { Selectable } from 'kysely';
import type { User } from '@stafette/api';
import type { DB } from '../db/schema.ts';

export type UserRow = Selectable<DB['users']>;

export const userSelect = [
  'id',
  'email',
  'display_name',
  'role',
  'active',
  'locale',
  'planned_departure_date',
  'created_at',
  'updated_at',
  'deactivated_at',
] as const;

export function userJson(row: Omit<UserRow, 'password_hash'>): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    active: row.active,
    locale: row.locale,
    plannedDepartureDate: row.planned_departure_date,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
