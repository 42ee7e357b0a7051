import type { Selectable } from 'kysely';
import type { Space } from '@stafette/api';
import type { DB, SpaceRole } from '../db/schema.ts';
import type { AccessLevel } from '../policy/access-rules.ts';
import { canOnSpace } from '../policy/spaces.ts';

export type SpaceRow = Selectable<DB['spaces']>;

export function spaceJson(row: SpaceRow, level: AccessLevel, myRole: SpaceRole | null): Space {
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
    classification: row.classification,
  };
}
