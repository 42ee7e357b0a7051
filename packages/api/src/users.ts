/** Accounts: `/users` (administration) and the user inside a session. */
import { type Static, Type } from 'typebox';
import { Body, DateTime, IsoDate, Nullable, Uuid } from './common.ts';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, USER_QUERY_MAX_LENGTH } from './limits.ts';

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('knowledge_manager'), Type.Literal('user')]);
export type Role = Static<typeof RoleSchema>;
export const LocaleSchema = Type.Union([Type.Literal('de'), Type.Literal('en')]);
export type Locale = Static<typeof LocaleSchema>;

export const Email = Type.String({ format: 'email', maxLength: EMAIL_MAX_LENGTH });
export const DisplayName = Type.String({ minLength: 1, maxLength: DISPLAY_NAME_MAX_LENGTH });
/** The minimum length is checked by the server with a readable message, not by the schema. */
export const NewPassword = Type.String({ maxLength: PASSWORD_MAX_LENGTH });

export const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  active: Type.Boolean(),
  locale: LocaleSchema,
  plannedDepartureDate: Nullable(Type.String({ format: 'date' })),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type User = Static<typeof UserSchema>;

export const CreateUserBody = Body({
  email: Email,
  password: NewPassword,
  displayName: DisplayName,
  role: Type.Optional(RoleSchema),
  locale: Type.Optional(LocaleSchema),
});
export type CreateUserInput = Static<typeof CreateUserBody>;

export const UserListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: USER_QUERY_MAX_LENGTH })),
  includeInactive: Type.Optional(Type.Boolean()),
});

export const UpdateUserBody = Body({
  email: Type.Optional(Email),
  displayName: Type.Optional(DisplayName),
  role: Type.Optional(RoleSchema),
  active: Type.Optional(Type.Boolean()),
  locale: Type.Optional(LocaleSchema),
  plannedDepartureDate: Type.Optional(Nullable(IsoDate)),
});
export type UpdateUserInput = Static<typeof UpdateUserBody>;

// The lists the routes answer with.
export const UserListSchema = Type.Array(UserSchema);
