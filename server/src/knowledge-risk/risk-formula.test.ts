import { describe, expect, it } from 'vitest';
import { coverageGap, scoreStep, staleness, urgency } from './risk-formula.ts';

const now = new Date('2025-03-01T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
const expert = (over: Partial<Parameters<typeof scoreStep>[0]['experts'][number]> = {}) => ({
  userId: '00000000-0000-4000-8000-000000000001',
  displayName: 'Anna',
  active: true,
  departureDate: null,
  editCount: 1,
  pageCount: 1,
  ...over,
});

describe('risk formula', () => {
  it('has the documented parts', () => {
    expect([0, 1, 2, 3, 9].map(coverageGap)).toEqual([1, 0.6, 0.3, 0, 0]);
    expect([null, 30, 90, 227.5, 365, 900].map(staleness)).toEqual([0, 0, 0, 0.5, 1, 1]);
    expect(urgency({ active: false, departureDate: null }, '2025-03-01', 180)).toBe(1);
    expect(urgency({ active: true, departureDate: '2025-03-01' }, '2025-03-01', 180)).toBe(1);
    expect(urgency({ active: true, departureDate: '2025-03-31' }, '2025-03-01', 120)).toBe(0.75);
    expect(urgency({ active: true, departureDate: '2026-03-01' }, '2025-03-01', 180)).toBe(0);
  });

  it('scores the README examples', () => {
    expect(scoreStep({ pageCount: 1, lastEditedAt: daysAgo(400), experts: [expert({ departureDate: '2025-03-21' })] }, now, 180).score).toBe(93);
    expect(scoreStep({ pageCount: 0, lastEditedAt: null, experts: [] }, now, 180).score).toBe(40);
    expect(scoreStep({ pageCount: 2, lastEditedAt: daysAgo(5), experts: [expert({ active: false })] }, now, 180).score).toBe(30);
    expect(scoreStep({ pageCount: 1, lastEditedAt: daysAgo(5), experts: [expert()] }, now, 180).score).toBe(24);
    expect(scoreStep({ pageCount: 3, lastEditedAt: daysAgo(5), experts: [expert({ active: false })] }, now, 180).score).toBe(0);
  });

  it('weighs departures by each expert’s share of the edits', () => {
    const mostly = scoreStep(
      { pageCount: 1, lastEditedAt: daysAgo(5), experts: [expert({ active: false, editCount: 3 }), expert({ userId: '00000000-0000-4000-8000-000000000002', displayName: 'Bernd', editCount: 1 })] },
      now,
      180,
    );
    // W 0.6, L 0.75 → 100 × 0.6 × (0.4 + 0.45) = 51.
    expect(mostly.score).toBe(51);
    expect(mostly.reasons.find((r) => r.code === 'expert-left')).toMatchObject({ share: 0.75 });
  });
});
