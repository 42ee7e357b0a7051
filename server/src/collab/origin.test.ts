import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.ts';

describe('originAllowed', () => {
  const pub = 'https://wiki.stadt-musterhausen.de';
  it('accepts no origin, the public origin and same-site subdomains', () => {
    expect(originAllowed(undefined, pub, 'x')).toBe(true);
    expect(originAllowed('https://wiki.stadt-musterhausen.de', pub, 'x')).toBe(true);
    expect(originAllowed('https://intranet.stadt-musterhausen.de', pub, 'x')).toBe(true);
  });
  it('refuses foreign sites, other schemes and garbage', () => {
    expect(originAllowed('https://evil.example', pub, 'x')).toBe(false);
    expect(originAllowed('http://wiki.stadt-musterhausen.de', pub, 'x')).toBe(false);
    expect(originAllowed('https://stadt-musterhausen.de.evil.example', pub, 'x')).toBe(false);
    expect(originAllowed('null', pub, 'x')).toBe(false);
  });
  it('without a public URL requires the request host', () => {
    expect(originAllowed('http://localhost:3000', null, 'localhost:3000')).toBe(true);
    expect(originAllowed('http://localhost:3001', null, 'localhost:3000')).toBe(false);
  });
  it('compares IP addresses exactly', () => {
    expect(originAllowed('http://10.0.0.2', 'http://10.0.0.1', 'x')).toBe(false);
  });
});
