/**
 * When the daily digest goes out: after a local hour of the day (`STAFETTE_DIGEST_HOUR`) in the
 * organisation's time zone (`STAFETTE_TIME_ZONE`), once per local calendar day. Daylight saving
 * moves with the zone, so "6 o'clock" stays 6 o'clock on the office clock all year.
 */
export interface DigestSchedule {
  /** 0–23, local time. */
  hour: number;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/** The local calendar day (`YYYY-MM-DD`) and hour (0–23) of `at` in `timeZone`. */
export function localClock(at: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return { day: `${part('year')}-${part('month')}-${part('day')}`, hour: Number(part('hour')) };
}

/** The local day whose digest is due at `now`, or null before the digest hour of that day. */
export function dueDigestDay(now: Date, schedule: DigestSchedule): string | null {
  const clock = localClock(now, schedule.timeZone);
  return clock.hour >= schedule.hour ? clock.day : null;
}

/** Whether `timeZone` is a time zone this runtime knows (an IANA name such as `Europe/Berlin`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
