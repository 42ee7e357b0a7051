import { Type } from 'typebox';
import type { Selectable } from 'kysely';
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

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('knowledge_manager'), Type.Literal('user')]),
  active: Type.Boolean(),
  locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
  plannedDepartureDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export function userJson(row: Omit<UserRow, 'password_hash'>) {
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
