import { describe, expect, it } from 'vitest';
import { dueDigestDay, localClock } from './digest-schedule.ts';
import { mailOptionsFrom } from './options.ts';

describe('daily digest schedule', () => {
  const berlin6 = { hour: 6, timeZone: 'Europe/Berlin' };

  it('goes out after the local hour, on the office clock in winter and in summer', () => {
    // Winter (UTC+1): 06:00 in Berlin is 05:00 UTC.
    expect(dueDigestDay(new Date('2026-01-15T04:59:00Z'), berlin6)).toBeNull();
    expect(dueDigestDay(new Date('2026-01-15T05:00:00Z'), berlin6)).toBe('2026-01-15');
    // Summer (UTC+2): 06:00 in Berlin is 04:00 UTC.
    expect(dueDigestDay(new Date('2026-07-15T03:59:00Z'), berlin6)).toBeNull();
    expect(dueDigestDay(new Date('2026-07-15T04:00:00Z'), berlin6)).toBe('2026-07-15');
  });

  it('counts the local calendar day: just after midnight in Berlin is the next day, not yet due', () => {
    expect(localClock(new Date('2026-12-05T23:30:00Z'), 'Europe/Berlin')).toEqual({ day: '2026-12-06', hour: 0 });
    expect(dueDigestDay(new Date('2026-12-05T23:30:00Z'), berlin6)).toBeNull();
    // The evening before still belongs to the 5th, whose digest is out already.
    expect(dueDigestDay(new Date('2026-12-05T22:30:00Z'), berlin6)).toBe('2026-12-05');
    expect(dueDigestDay(new Date('2026-12-05T23:30:00Z'), { hour: 0, timeZone: 'Europe/Berlin' })).toBe('2026-12-06');
  });

  it('reads STAFETTE_DIGEST_HOUR and STAFETTE_TIME_ZONE, and refuses what is not an hour or a zone', () => {
    expect(mailOptionsFrom({}).digest).toEqual({ hour: 6, timeZone: 'Europe/Berlin' });
    expect(mailOptionsFrom({ STAFETTE_DIGEST_HOUR: '17', STAFETTE_TIME_ZONE: 'America/New_York' }).digest).toEqual({ hour: 17, timeZone: 'America/New_York' });
    expect(mailOptionsFrom({ STAFETTE_DIGEST_HOUR: '0' }).digest.hour).toBe(0);
    expect(() => mailOptionsFrom({ STAFETTE_DIGEST_HOUR: '24' })).toThrow(/STAFETTE_DIGEST_HOUR must be an hour of the day from 0 to 23/);
    expect(() => mailOptionsFrom({ STAFETTE_DIGEST_HOUR: '6:30' })).toThrow(/STAFETTE_DIGEST_HOUR/);
    expect(() => mailOptionsFrom({ STAFETTE_TIME_ZONE: 'Mitteleuropa' })).toThrow(/STAFETTE_TIME_ZONE must be an IANA time zone/);
  });
});
