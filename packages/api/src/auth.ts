/** Sign-in, the session, the own profile, the own password and personal API tokens (`/auth`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime, Nullable, Uuid } from './common.ts';
import { API_TOKEN_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from './limits.ts';
import { TotpCode } from './totp.ts';
import { DisplayName, LocaleSchema, NewPassword, UserSchema } from './users.ts';

export const LoginBody = Body({
  email: Type.String({ minLength: 1, maxLength: EMAIL_MAX_LENGTH }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

/**
 * The signed-in user and the token every state-changing request sends as x-csrf-token.
 * `enrolSecondFactor`: the instance requires a second factor of this account and it has none
 * yet; every route but enrolment, the session and sign-out answers 403 until it enrols.
 */
export const SessionSchema = Type.Object({ user: UserSchema, csrfToken: Type.String(), enrolSecondFactor: Type.Optional(Type.Boolean()) });
export type Session = Static<typeof SessionSchema>;

/** The boot probe answers 200 either way: a session, or `{user: null}`. */
export const SessionProbeSchema = Type.Union([SessionSchema, Type.Object({ user: Type.Null() })]);
export type SessionProbe = Static<typeof SessionProbeSchema>;

export const UpdateMeBody = Body({
  displayName: Type.Optional(DisplayName),
  locale: Type.Optional(LocaleSchema),
});
export type UpdateMeInput = Static<typeof UpdateMeBody>;

/** Signing out everywhere and changing the password end API tokens too unless the caller keeps them. */
const RevokeTokens = Type.Optional(Type.Boolean({ default: true, description: 'Also revoke every personal API token (default true).' }));

export const LogoutEverywhereBody = Body({ revokeTokens: RevokeTokens });

/**
 * A wrong current password answers 400 wrong-password. With two-factor sign-in on, `totpCode`
 * is needed too unless this session proved the second factor in the last minutes (403
 * second-factor-required).
 */
export const ChangePasswordBody = Body({
  currentPassword: Type.String({ maxLength: PASSWORD_MAX_LENGTH }),
  newPassword: NewPassword,
  revokeTokens: RevokeTokens,
  totpCode: Type.Optional(TotpCode),
});

export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: DateTime,
  expiresAt: Nullable(DateTime),
  /** Reads only: every state-changing request with it answers 403 token-read-only. */
  readOnly: Type.Boolean(),
  /** The spaces the token is limited to; null: everything its user may. */
  spaceIds: Nullable(Type.Array(Uuid)),
});

export const CreateApiTokenBody = Body({
  name: Type.String({ minLength: 1, maxLength: API_TOKEN_NAME_MAX_LENGTH }),
  expiresAt: Type.Optional(Type.Union([DateTime, Type.String({ format: 'date' }), Type.Null()])),
  /** Default false: the token has its user's rights. */
  readOnly: Type.Optional(Type.Boolean({ default: false })),
  /**
   * Limit the token to these spaces (each one the user may read): it sees and does only what
   * its user may there, and nothing instance-wide. Left out: no limit.
   */
  spaceIds: Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 200, uniqueItems: true })),
  /** With two-factor sign-in on: a current code, unless this session proved it in the last minutes. */
  totpCode: Type.Optional(TotpCode),
});
export type CreateApiTokenInput = Static<typeof CreateApiTokenBody>;

/** A new token: the secret is in this answer only. */
export const CreatedApiTokenSchema = Type.Intersect([ApiTokenSchema, Type.Object({ token: Type.String() })]);
export type CreatedApiToken = Static<typeof CreatedApiTokenSchema>;

export const ApiTokenListItemSchema = Type.Intersect([ApiTokenSchema, Type.Object({ lastUsedAt: Nullable(Type.String()) })]);
export type ApiToken = Static<typeof ApiTokenListItemSchema>;

// The lists the routes answer with.
export const ApiTokenListSchema = Type.Array(ApiTokenListItemSchema);

/** A signed-in browser of the own account, for the sessions list in the profile. */
export const SessionInfoSchema = Type.Object({
  /** Not the cookie's hash: an id only for listing and ending the session. */
  id: Type.String(),
  createdAt: DateTime,
  lastUsedAt: DateTime,
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  /** The session this request came with. */
  current: Type.Boolean(),
});
export type SessionInfo = Static<typeof SessionInfoSchema>;
export const SessionListSchema = Type.Array(SessionInfoSchema);

export const SessionIdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{32}$' }) });
