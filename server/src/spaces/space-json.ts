import { Type } from 'typebox';
import type { Selectable } from 'kysely';
import type { DB, SpaceRole } from '../db/schema.ts';
import type { AccessLevel } from '../policy/access-rules.ts';
import { canOnSpace } from '../policy/spaces.ts';

export type SpaceRow = Selectable<DB['spaces']>;

export const SpaceRoleSchema = Type.Union([Type.Literal('reader'), Type.Literal('editor'), Type.Literal('owner')]);

export const SpaceSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Type.String(),
  archived: Type.Boolean(),
  archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  /** The caller's own membership role, null when not a member (admins, knowledge managers). */
  myRole: Type.Union([SpaceRoleSchema, Type.Null()]),
  permissions: Type.Object({ canCreatePages: Type.Boolean(), canManage: Type.Boolean() }),
});

export function spaceJson(row: SpaceRow, level: AccessLevel, myRole: SpaceRole | null) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    myRole,
    permissions: {
      canCreatePages: canOnSpace(level, row.archived_at !== null, 'createPage'),
      canManage: canOnSpace(level, row.archived_at !== null, 'manageMembers'),
    },
  };
}

export const MemberSchema = Type.Object({
  userId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  email: Type.String(),
  active: Type.Boolean(),
  role: SpaceRoleSchema,
  since: Type.String({ format: 'date-time' }),
});
