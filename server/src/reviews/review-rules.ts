/**
 * The review clock of a page, as pure functions. A page with a responsible person and an
 * interval is due `intervalDays` after it was last reviewed, where "reviewed" is the newest of:
 * - the moment the responsible person or interval was set (the clock starts then),
 * - the responsible person's last confirmation ("still correct"),
 * - the responsible person's last edit of the body: editing a page means they looked at it.
 * It is overdue from its due date on (the due day included).
 */
export interface ReviewClock {
  intervalDays: number;
  setAt: Date;
  lastConfirmedAt: Date | null;
  /** The responsible person's newest edit of the page (page_contributors), if any. */
  responsibleEditedAt: Date | null;
}

export function lastReviewed(clock: ReviewClock): Date {
  let newest = clock.setAt;
  for (const at of [clock.lastConfirmedAt, clock.responsibleEditedAt]) if (at && at > newest) newest = at;
  return newest;
}

/** The due date `YYYY-MM-DD` (UTC calendar day). */
export function dueDate(clock: ReviewClock): string {
  const due = new Date(lastReviewed(clock).getTime() + clock.intervalDays * 86_400_000);
  return due.toISOString().slice(0, 10);
}

export function isOverdue(due: string, today: string): boolean {
  return due <= today;
}

/**
 * Whether a responsible person has left: the account is deactivated or deleted, or their
 * planned departure date has passed (their last day is still theirs).
 */
export function hasLeft(person: { active: boolean; departureDate: string | null } | null, today: string): boolean {
  if (!person) return true;
  if (!person.active) return true;
  return person.departureDate !== null && person.departureDate < today;
}

/** Whether someone is still around to take over: active and not leaving before `today`. */
export function isPresent(person: { active: boolean; departureDate: string | null }, today: string): boolean {
  return !hasLeft(person, today);
}
