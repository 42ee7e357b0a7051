/** Spaces and their members (`/spaces`). */
import { type Static, Type } from 'typebox';
import { ClassificationKeySchema } from './classification.ts';
import { Body, DateTime, Nullable, Uuid } from './common.ts';
import { SPACE_DESCRIPTION_MAX_LENGTH, SPACE_NAME_MAX_LENGTH } from './limits.ts';

export const SpaceRoleSchema = Type.Union([Type.Literal('reader'), Type.Literal('editor'), Type.Literal('owner')]);
export type SpaceRole = Static<typeof SpaceRoleSchema>;

export const SpaceName = Type.String({ minLength: 1, maxLength: SPACE_NAME_MAX_LENGTH, pattern: '\\S' });
export const SpaceDescription = Type.String({ maxLength: SPACE_DESCRIPTION_MAX_LENGTH });

export const SpaceSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  archived: Type.Boolean(),
  archivedAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
  /** The caller's own membership role, null when not a member (admins, knowledge managers). */
  myRole: Nullable(SpaceRoleSchema),
  permissions: Type.Object({ canCreatePages: Type.Boolean(), canManage: Type.Boolean() }),
  /** The space's classification level, which its pages inherit (server/src/classification). */
  classification: ClassificationKeySchema,
});
export type Space = Static<typeof SpaceSchema>;

export const MemberSchema = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  email: Type.String(),
  active: Type.Boolean(),
  role: SpaceRoleSchema,
  since: DateTime,
});
export type Member = Static<typeof MemberSchema>;

export const CreateSpaceBody = Body({ name: SpaceName, description: Type.Optional(SpaceDescription) });
export type CreateSpaceInput = Static<typeof CreateSpaceBody>;
/** `classification`: the space's level (owners); pages below it are not lowered with it, pages above it keep theirs. */
export const UpdateSpaceBody = Body({
  name: Type.Optional(SpaceName),
  description: Type.Optional(SpaceDescription),
  classification: Type.Optional(ClassificationKeySchema),
});
export const SpaceListQuery = Type.Object({ includeArchived: Type.Optional(Type.Boolean()) });
export const MemberParams = Type.Object({ id: Uuid, userId: Uuid });
export const SetMemberBody = Body({ role: SpaceRoleSchema });

// The lists the routes answer with.
export const SpaceListSchema = Type.Array(SpaceSchema);
export const MemberListSchema = Type.Array(MemberSchema);
