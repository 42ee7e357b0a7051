/** Two-factor sign-in (TOTP, RFC 6238), its recovery codes, and the instance's security setting (`/auth/totp`, `/admin/security`). */
import { type Static, Type } from 'typebox';
import { Body, DateTime } from './common.ts';
import { PASSWORD_MAX_LENGTH } from './limits.ts';

/** A code from the authenticator app: six digits (spaces are ignored). */
export const TotpCode = Type.String({ minLength: 6, maxLength: 12, pattern: '^[0-9 ]+$' });
/** A one-time recovery code as printed (`abcde-fghij`; case, spaces and dashes are ignored). */
export const RecoveryCode = Type.String({ minLength: 1, maxLength: 40 });

/**
 * `POST /auth/login` of an account with a second factor: no session yet, 401 problem
 * `second-factor-required` with these members. The client sends the challenge with a code to
 * `POST /auth/login/totp` within `expiresAt`.
 */
export const SecondFactorChallengeSchema = Type.Object({
  secondFactor: Type.Literal('totp'),
  challenge: Type.String(),
  expiresAt: DateTime,
});
export type SecondFactorChallenge = Static<typeof SecondFactorChallengeSchema>;

/** The second step of signing in: the challenge and either a current code or a recovery code. */
export const LoginTotpBody = Type.Union([
  Body({ challenge: Type.String({ minLength: 1, maxLength: 200 }), code: TotpCode }),
  Body({ challenge: Type.String({ minLength: 1, maxLength: 200 }), recoveryCode: RecoveryCode }),
]);
export type LoginTotpInput = Static<typeof LoginTotpBody>;

export const TotpStatusSchema = Type.Object({
  enabled: Type.Boolean(),
  /** Enrolment started and waiting for its first code. */
  pending: Type.Boolean(),
  recoveryCodesLeft: Type.Integer(),
  /** The instance requires a second factor of this account (admins and knowledge managers, when switched on). */
  required: Type.Boolean(),
  /** False for accounts without a local password: they sign in through the directory, which owns the second factor. */
  available: Type.Boolean(),
});
export type TotpStatus = Static<typeof TotpStatusSchema>;

/** The secret is in this answer only: the client shows it as QR code and as a key to type. */
export const TotpEnrolmentSchema = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
});
export type TotpEnrolment = Static<typeof TotpEnrolmentSchema>;

export const ConfirmTotpBody = Body({ code: TotpCode });

/** Shown once; stored only as hashes. */
export const RecoveryCodesSchema = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodesSchema>;

/** New recovery codes need a current code. */
export const RenewRecoveryCodesBody = Body({ code: TotpCode });

/** Switching off needs the password and a code or a recovery code. */
export const DisableTotpBody = Type.Union([
  Body({ password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }), code: TotpCode }),
  Body({ password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }), recoveryCode: RecoveryCode }),
]);
export type DisableTotpInput = Static<typeof DisableTotpBody>;

export const SecuritySettingsSchema = Type.Object({
  /** Admins and knowledge managers with a local password must sign in with a second factor (default off). */
  requireSecondFactor: Type.Boolean(),
});
export type SecuritySettings = Static<typeof SecuritySettingsSchema>;
export const SecuritySettingsBody = Body({ requireSecondFactor: Type.Boolean() });
