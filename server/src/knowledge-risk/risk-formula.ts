/**
 * The knowledge-at-risk score of one process step, as a pure function of facts gathered by
 * risk-queries.ts. The formula is documented in README.md beside this file; keep both in step.
 *
 *   weakness W = 1 − (1 − coverage gap) × (1 − staleness)          ∈ [0, 1]
 *   leaving  L = min(1, Σ over experts of share × urgency)          ∈ [0, 1]
 *   score      = round(100 × W × (0.4 + 0.6 × L))                   ∈ [0, 100]
 *
 * Well documented steps score near 0 even when their authors leave (the knowledge is on the
 * page); thin or stale steps score 40 on their own and up to 100 when the people who wrote
 * them leave soon.
 */

export interface ExpertFacts {
  userId: string;
  displayName: string;
  active: boolean;
  /** Planned departure date `YYYY-MM-DD`, null when none is planned. */
  departureDate: string | null;
  /** Edits on the step's pages, and on how many of those pages. */
  editCount: number;
  pageCount: number;
}

export interface StepFacts {
  /** Readable, live pages attached to the step. */
  pageCount: number;
  /** Newest content edit among those pages, null without pages. */
  lastEditedAt: Date | null;
  experts: ExpertFacts[];
}

export type RiskReason =
  | { code: 'no-pages'; text: string }
  | { code: 'few-pages'; pageCount: number; text: string }
  | { code: 'stale-pages'; lastEditedAt: string; days: number; text: string }
  | { code: 'expert-leaving'; userId: string; displayName: string; date: string; daysLeft: number; share: number; text: string }
  | { code: 'expert-left'; userId: string; displayName: string; date: string | null; share: number; text: string }
  | { code: 'single-expert'; userId: string; displayName: string; text: string };

export interface RiskResult {
  score: number;
  level: RiskLevel;
  weakness: number;
  leaving: number;
  reasons: RiskReason[];
}

export type RiskLevel = 'high' | 'medium' | 'low';

/** Coverage gap by number of pages: none 1, one 0.6, two 0.3, three or more 0. */
export function coverageGap(pageCount: number): number {
  return pageCount <= 0 ? 1 : pageCount === 1 ? 0.6 : pageCount === 2 ? 0.3 : 0;
}

export const FRESH_DAYS = 90;
export const STALE_DAYS = 365;
/** Reasons mention staleness from this age on (half a year). */
export const STALE_REASON_DAYS = 180;

/** 0 up to 90 days since the newest edit, rising linearly to 1 at a year. */
export function staleness(ageDays: number | null): number {
  if (ageDays === null) return 0;
  return clamp((ageDays - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS), 0, 1);
}

/**
 * How soon an expert leaves, 0..1: gone (deactivated, or departure date today or past) is 1;
 * a departure within the horizon rises linearly from 0 (at the horizon) to 1 (today); later
 * or no departure is 0.
 */
export function urgency(expert: Pick<ExpertFacts, 'active' | 'departureDate'>, today: string, horizonDays: number): number {
  if (!expert.active) return 1;
  if (!expert.departureDate) return 0;
  const daysLeft = daysBetween(today, expert.departureDate);
  if (daysLeft <= 0) return 1;
  if (daysLeft > horizonDays) return 0;
  return 1 - daysLeft / horizonDays;
}

export function riskLevel(score: number): RiskLevel {
  return score >= 60 ? 'high' : score >= 30 ? 'medium' : 'low';
}

export function scoreStep(facts: StepFacts, now: Date, horizonDays: number): RiskResult {
  const today = isoDate(now);
  const reasons: RiskReason[] = [];

  const gap = coverageGap(facts.pageCount);
  if (facts.pageCount === 0) reasons.push({ code: 'no-pages', text: 'Keine Seite an diesem Schritt: das Wissen ist nirgends aufgeschrieben.' });
  else if (gap > 0) reasons.push({ code: 'few-pages', pageCount: facts.pageCount, text: facts.pageCount === 1 ? 'Nur eine Seite an diesem Schritt.' : `Nur ${facts.pageCount} Seiten an diesem Schritt.` });

  const age = facts.lastEditedAt ? Math.floor((now.getTime() - facts.lastEditedAt.getTime()) / 86_400_000) : null;
  const stale = staleness(age);
  if (age !== null && age >= STALE_REASON_DAYS) {
    reasons.push({ code: 'stale-pages', lastEditedAt: facts.lastEditedAt!.toISOString(), days: age, text: `Seit ${age} Tagen nicht bearbeitet (zuletzt am ${germanDate(isoDate(facts.lastEditedAt!))}).` });
  }
  const weakness = 1 - (1 - gap) * (1 - stale);

  const totalEdits = facts.experts.reduce((sum, e) => sum + Math.max(0, e.editCount), 0);
  let leaving = 0;
  const departures: RiskReason[] = [];
  for (const expert of facts.experts) {
    const share = totalEdits > 0 ? Math.max(0, expert.editCount) / totalEdits : 1 / facts.experts.length;
    const u = urgency(expert, today, horizonDays);
    if (u <= 0) continue;
    leaving += share * u;
    const shareRounded = Math.round(share * 100) / 100;
    const sharePercent = `${Math.round(share * 100)} %`;
    const gone = !expert.active || (expert.departureDate !== null && expert.departureDate <= today);
    if (gone) {
      departures.push({
        code: 'expert-left',
        userId: expert.userId,
        displayName: expert.displayName,
        date: expert.departureDate,
        share: shareRounded,
        text: `${expert.displayName} ist ausgeschieden${expert.departureDate ? ` (${germanDate(expert.departureDate)})` : ''} und hat ${sharePercent} der Bearbeitungen geschrieben.`,
      });
    } else {
      const daysLeft = daysBetween(today, expert.departureDate!);
      departures.push({
        code: 'expert-leaving',
        userId: expert.userId,
        displayName: expert.displayName,
        date: expert.departureDate!,
        daysLeft,
        share: shareRounded,
        text: `${expert.displayName} geht am ${germanDate(expert.departureDate!)} (in ${daysLeft} Tagen) und hat ${sharePercent} der Bearbeitungen geschrieben.`,
      });
    }
  }
  leaving = Math.min(1, leaving);
  // The experts who leave first come first.
  departures.sort((a, b) => reasonDate(a).localeCompare(reasonDate(b)));
  reasons.push(...departures);

  const present = facts.experts.filter((e) => urgency(e, today, horizonDays) < 1);
  if (facts.pageCount > 0 && facts.experts.length === 1 && present.length === 1) {
    const only = present[0]!;
    reasons.push({ code: 'single-expert', userId: only.userId, displayName: only.displayName, text: `Nur ${only.displayName} hat an den Seiten dieses Schritts geschrieben.` });
  }

  const score = Math.round(100 * weakness * (0.4 + 0.6 * leaving));
  return { score, level: riskLevel(score), weakness: round2(weakness), leaving: round2(leaving), reasons };
}

function reasonDate(reason: RiskReason): string {
  return 'date' in reason && reason.date ? reason.date : '0000-00-00';
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
