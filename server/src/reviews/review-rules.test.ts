import { describe, expect, it } from 'vitest';
import { dueDate, hasLeft, isOverdue, lastReviewed } from './review-rules.ts';

const day = (iso: string) => new Date(`${iso}T10:00:00Z`);

describe('review clock', () => {
  it('starts when set and restarts with a confirmation or an edit by the responsible person', () => {
    const clock = { intervalDays: 30, setAt: day('2024-01-01'), lastConfirmedAt: null, responsibleEditedAt: null };
    expect(dueDate(clock)).toBe('2024-01-31');
    expect(dueDate({ ...clock, lastConfirmedAt: day('2024-02-10') })).toBe('2024-03-11');
    expect(dueDate({ ...clock, responsibleEditedAt: day('2024-03-01') })).toBe('2024-03-31');
    // An old confirmation does not move the clock back before the setting.
    expect(lastReviewed({ ...clock, lastConfirmedAt: day('2023-06-01') })).toEqual(day('2024-01-01'));
  });

  it('is overdue from the due day on', () => {
    expect(isOverdue('2024-01-31', '2024-01-30')).toBe(false);
    expect(isOverdue('2024-01-31', '2024-01-31')).toBe(true);
    expect(isOverdue('2024-01-31', '2024-02-01')).toBe(true);
  });
});

describe('hasLeft', () => {
  it('counts deactivated, deleted and past departures, not the last day itself', () => {
    expect(hasLeft(null, '2024-05-01')).toBe(true);
    expect(hasLeft({ active: false, departureDate: null }, '2024-05-01')).toBe(true);
    expect(hasLeft({ active: true, departureDate: '2024-04-30' }, '2024-05-01')).toBe(true);
    expect(hasLeft({ active: true, departureDate: '2024-05-01' }, '2024-05-01')).toBe(false);
    expect(hasLeft({ active: true, departureDate: null }, '2024-05-01')).toBe(false);
  });
});
