/** Directory administration: LDAP sync, group → role mappings, the state of the sign-in providers. */
import { type Static, Type } from 'typebox';
import { DateTime, Nullable, Uuid } from './common.ts';

export const DIRECTORY_GROUP_MAX_LENGTH = 1000;
export const DIRECTORY_MAPPINGS_MAX = 500;

/** Instance roles a group may grant (spaceId null) and space roles (spaceId set). */
export const DirectoryRoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('knowledge_manager'), Type.Literal('reader'), Type.Literal('editor'), Type.Literal('owner')]);

export const GroupMappingSchema = Type.Object(
  {
    group: Type.String({ minLength: 1, maxLength: DIRECTORY_GROUP_MAX_LENGTH, description: 'A group DN or name (its cn), compared case-insensitively' }),
    spaceId: Nullable(Uuid),
    role: DirectoryRoleSchema,
  },
  { additionalProperties: false },
);
export type GroupMapping = Static<typeof GroupMappingSchema>;

/**
 * The whole list of mappings; PUT replaces it. A space mapping takes reader, editor or owner, an
 * instance mapping (spaceId null) admin or knowledge_manager; duplicates count once.
 */
export const GroupMappingListSchema = Type.Array(GroupMappingSchema, { maxItems: DIRECTORY_MAPPINGS_MAX });

export const DirectorySyncResultSchema = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  deactivated: Type.Integer(),
  /** People the sync skipped and why, and a refusal (mass deactivation, empty directory). */
  errors: Type.Array(Type.String()),
});
export type DirectorySyncResult = Static<typeof DirectorySyncResultSchema>;

export const DirectorySyncRunSchema = Type.Object({
  startedAt: DateTime,
  finishedAt: Nullable(DateTime),
  trigger: Type.Union([Type.Literal('timer'), Type.Literal('admin'), Type.Literal('cli')]),
  /** refused: the directory was empty or the run would have deactivated too many (nobody was). */
  status: Type.Union([Type.Literal('running'), Type.Literal('ok'), Type.Literal('refused'), Type.Literal('failed')]),
  directoryAccounts: Nullable(Type.Integer()),
  created: Type.Integer(),
  updated: Type.Integer(),
  deactivated: Type.Integer(),
  errors: Type.Array(Type.String()),
  error: Nullable(Type.String()),
});
export type DirectorySyncRun = Static<typeof DirectorySyncRunSchema>;

export const DirectoryStatusSchema = Type.Object({
  /** Password sign-in for local accounts. */
  local: Type.Boolean(),
  ldap: Nullable(
    Type.Object({
      url: Type.String(),
      userBase: Type.String(),
      groupBase: Nullable(Type.String()),
      departureAttribute: Nullable(Type.String()),
      /** 0: no timer (sync by hand or CLI). */
      syncMinutes: Type.Integer(),
      encryption: Type.Union([Type.Literal('ldaps'), Type.Literal('starttls'), Type.Literal('none')]),
      /** Active accounts linked to the directory. */
      accounts: Type.Integer(),
      lastSync: Nullable(DirectorySyncRunSchema),
      lastSuccessAt: Nullable(DateTime),
    }),
  ),
  oidc: Nullable(
    Type.Object({
      name: Type.String(),
      issuer: Type.String(),
      /** Active accounts linked to the provider. */
      accounts: Type.Integer(),
    }),
  ),
  mappings: Type.Integer(),
});
export type DirectoryStatus = Static<typeof DirectoryStatusSchema>;
