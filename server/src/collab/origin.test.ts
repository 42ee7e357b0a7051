import { describe, expect, it } from 'vitest';
import { allowedOrigins, originAllowed } from './origin.ts';

describe('originAllowed', () => {
  const allowed = allowedOrigins({ publicUrl: 'https://wiki.stadt-musterhausen.de/', allowedOrigins: ['https://redaktion.example.org'] });

  it('accepts no origin, the public origin and the listed ones', () => {
    expect(allowed).toEqual(['https://redaktion.example.org', 'https://wiki.stadt-musterhausen.de']);
    expect(originAllowed(undefined, allowed, 'x')).toBe(true);
    expect(originAllowed('https://wiki.stadt-musterhausen.de', allowed, 'x')).toBe(true);
    expect(originAllowed('https://WIKI.stadt-musterhausen.de:443', allowed, 'x')).toBe(true);
    expect(originAllowed('https://redaktion.example.org', allowed, 'x')).toBe(true);
  });

  it('refuses same-site siblings, the bare site, other schemes and ports, foreign sites and garbage', () => {
    for (const origin of [
      'https://intranet.stadt-musterhausen.de',
      'https://stadt-musterhausen.de',
      'https://evil.wiki.stadt-musterhausen.de',
      'http://wiki.stadt-musterhausen.de',
      'https://wiki.stadt-musterhausen.de:8443',
      'https://evil.example',
      'https://stadt-musterhausen.de.evil.example',
      'null',
      'file:///etc/passwd',
      '',
    ]) {
      expect(originAllowed(origin, allowed, 'wiki.stadt-musterhausen.de'), origin).toBe(false);
    }
  });

  it('with a public URL configured ignores the Host header', () => {
    const onlyPublic = allowedOrigins({ publicUrl: 'https://wiki.stadt-musterhausen.de', allowedOrigins: [] });
    expect(originAllowed('http://10.0.0.5:3000', onlyPublic, '10.0.0.5:3000')).toBe(false);
  });

  it('without configured origins requires the request host exactly', () => {
    expect(originAllowed('http://localhost:3000', [], 'localhost:3000')).toBe(true);
    expect(originAllowed('https://wiki.example.org', [], 'wiki.example.org:443')).toBe(true);
    expect(originAllowed('http://localhost:3001', [], 'localhost:3000')).toBe(false);
    expect(originAllowed('https://intranet.example.org', [], 'wiki.example.org')).toBe(false);
    expect(originAllowed('http://10.0.0.2', [], '10.0.0.1')).toBe(false);
    expect(originAllowed('http://localhost:3000', [], undefined)).toBe(false);
  });

  it('refuses every browser origin when the public URL does not parse', () => {
    const broken = allowedOrigins({ publicUrl: 'wiki.stadt-musterhausen.de', allowedOrigins: [] });
    expect(originAllowed('https://wiki.stadt-musterhausen.de', broken, 'wiki.stadt-musterhausen.de')).toBe(false);
  });
});
