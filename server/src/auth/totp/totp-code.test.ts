import { describe, expect, it } from 'vitest';
import { codeStep, newTotpSecret, otpauthUri } from './totp-code.ts';
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.ts';
import { openSecret, sealSecret } from './secret-box.ts';

// RFC 6238 appendix B, SHA-1 seed "12345678901234567890" (base32), codes cut to 6 digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP codes', () => {
  it('accepts the RFC 6238 test vectors at their time and names their time step', () => {
    expect(codeStep(RFC_SECRET, '287082', 59_000)).toBe(1);
    expect(codeStep(RFC_SECRET, '081804', 1_111_111_109_000)).toBe(37_037_036);
    expect(codeStep(RFC_SECRET, '050471', 1_111_111_111_000)).toBe(37_037_037);
    expect(codeStep(RFC_SECRET, '005924', 1_234_567_890_000)).toBe(41_152_263);
  });

  it('accepts one step either side and nothing further; ignores spaces; refuses what is not six digits', () => {
    expect(codeStep(RFC_SECRET, '081804', 1_111_111_109_000 + 30_000)).toBe(37_037_036);
    expect(codeStep(RFC_SECRET, '081804', 1_111_111_109_000 + 60_000)).toBeNull();
    expect(codeStep(RFC_SECRET, '081 804', 1_111_111_109_000)).toBe(37_037_036);
    expect(codeStep(RFC_SECRET, '08180', 1_111_111_109_000)).toBeNull();
    expect(codeStep(RFC_SECRET, '0818045', 1_111_111_109_000)).toBeNull();
    expect(codeStep(RFC_SECRET, 'abcdef', 1_111_111_109_000)).toBeNull();
  });

  it('makes 160-bit secrets and an otpauth URI authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri(secret, 'anna.schmidt@stadt.de'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('Stafette');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});

describe('recovery codes', () => {
  it('are ten distinct, readable codes, compared without case, spaces or dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
    expect(normaliseRecoveryCode(' AB3CD-ef4gh ')).toBe('ab3cdef4gh');
  });
});

describe('stored secrets', () => {
  it('are sealed with the key (random IV each time) and open only with it', () => {
    const sealed = sealSecret(RFC_SECRET, 'schluessel');
    expect(sealed).not.toContain(RFC_SECRET);
    expect(sealSecret(RFC_SECRET, 'schluessel')).not.toBe(sealed);
    expect(openSecret(sealed, 'schluessel')).toBe(RFC_SECRET);
    expect(() => openSecret(sealed, 'ein-anderer')).toThrow();
    expect(() => openSecret(sealed, null)).toThrow(/STAFETTE_SECRET_KEY/);
  });

  it('are kept as they are without a key, and still open once a key is set', () => {
    const plain = sealSecret(RFC_SECRET, null);
    expect(openSecret(plain, null)).toBe(RFC_SECRET);
    expect(openSecret(plain, 'spaeter-gesetzt')).toBe(RFC_SECRET);
  });
});
