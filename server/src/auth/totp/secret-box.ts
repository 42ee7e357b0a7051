import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Stored second-factor secrets. With STAFETTE_SECRET_KEY they are sealed with AES-256-GCM
 * (`v1:<iv>:<tag>:<ciphertext>`, base64url) under a key derived from it, so a database dump
 * alone does not hand out everyone's authenticator; without a key they are kept as `plain:`.
 * Either way the secret leaves the server only in the enrolment answer.
 */
const keyOf = (secretKey: string) => createHash('sha256').update(`stafette-totp:${secretKey}`).digest();

export function sealSecret(secret: string, secretKey: string | null): string {
  if (!secretKey) return `plain:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(':');
}

/** The secret, or an error when it was sealed under another key (or none is configured now). */
export function openSecret(stored: string, secretKey: string | null): string {
  if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
  const [version, iv, tag, sealed] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || !sealed) throw new Error('Unknown format of a stored second-factor secret');
  if (!secretKey) throw new Error('A second-factor secret is encrypted but STAFETTE_SECRET_KEY is not set');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}
