/** What the user is told when a second-factor step failed. */
import type { TFunction } from 'i18next';
import { ApiError, problemType } from '../api/http.ts';
import { errorMessage } from '../ui/errors.ts';

export function twoFactorError(error: unknown, t: TFunction): string {
  switch (problemType(error)) {
    case 'invalid-second-factor':
      return t('profile.twoFactor.wrongCode');
    case 'too-many-requests':
      return t('login.tooMany');
    case 'login-challenge-invalid':
      return t('profile.twoFactor.challengeExpired');
    case 'wrong-password':
      return t('profile.wrongPassword');
    case 'second-factor-mandatory':
      return t('profile.twoFactor.mandatory');
    case 'second-factor-required':
      return t('profile.twoFactor.codeNeeded');
    default:
      return errorMessage(error, t);
  }
}

/** Digits only, as authenticator apps show them (spaces dropped). */
export const cleanCode = (value: string) => value.replace(/\D+/g, '').slice(0, 6);

/** The challenge of a sign-in that needs its second step (`POST /auth/login` → 401 second-factor-required), else null. */
export function secondFactorChallengeOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || problemType(error) !== 'second-factor-required') return null;
  const challenge = (error.problem as Record<string, unknown>).challenge;
  return typeof challenge === 'string' ? challenge : null;
}
