import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as every authenticator app speaks it: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
const WINDOW = 1;

const totpOf = (secret: string, label = '') =>
  new TOTP({ issuer: 'Stafette', label, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: DIGITS, period: PERIOD });

/** A new shared secret (160 bits, base32, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URI an authenticator app reads from the QR code. */
export function otpauthUri(secret: string, accountName: string): string {
  return totpOf(secret, accountName).toString();
}

/** A code as people type it: digits only, spaces allowed. */
export function normaliseCode(code: string): string {
  return code.replace(/\s+/g, '');
}

/**
 * The time step a code belongs to when it is valid now (within the window), else null. The
 * caller refuses a step at or before the last one accepted, so a code works only once.
 */
export function codeStep(secret: string, code: string, now = Date.now()): number | null {
  const token = normaliseCode(code);
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(token)) return null;
  const totp = totpOf(secret);
  const delta = totp.validate({ token, timestamp: now, window: WINDOW });
  return delta === null ? null : totp.counter({ timestamp: now }) + delta;
}
