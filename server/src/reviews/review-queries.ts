import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { canBeResponsible, seesAllReviewGaps } from '../policy/knowledge.ts';
import { pageAccess, withinTokenSpaces } from '../policy/pages.ts';
import { openFlagsFor } from '../processes/review-flags.ts';
import { dueDate, hasLeft, isOverdue, isPresent, lastReviewed } from './review-rules.ts';

type Db = Kysely<DB>;

export const today = (now = new Date()) => now.toISOString().slice(0, 10);

export interface Person {
  id: string;
  displayName: string;
  active: boolean;
  departureDate: string | null;
}

export interface Proposal {
  userId: string;
  displayName: string;
  /** `contributor`: wrote most of the page among those still here; `space-owner`: nobody who wrote it is left. */
  basis: 'contributor' | 'space-owner';
  editCount: number;
}

export interface ReviewState {
  pageId: string;
  responsible: (Person & { left: boolean }) | null;
  intervalDays: number | null;
  lastReviewedAt: string | null;
  lastConfirmedAt: string | null;
  lastConfirmedBy: string | null;
  dueDate: string | null;
  overdue: boolean;
  /** Set when the page has a review setting but its responsible person left. */
  proposal: Proposal | null;
}

/** The review state of one page (no setting: everything null). */
export async function reviewState(db: Db, pageId: string, now = new Date()): Promise<ReviewState> {
  const row = await db
    .selectFrom('page_reviews as r')
    .leftJoin('users as u', 'u.id', 'r.responsible_id')
    .leftJoin('page_contributors as c', (join) => join.onRef('c.page_id', '=', 'r.page_id').onRef('c.user_id', '=', 'r.responsible_id'))
    .select([
      'r.page_id',
      'r.responsible_id',
      'r.interval_days',
      'r.set_at',
      'r.last_confirmed_at',
      'r.last_confirmed_by',
      'u.display_name',
      'u.active',
      'u.planned_departure_date',
      'c.last_edited_at',
    ])
    .where('r.page_id', '=', pageId)
    .executeTakeFirst();
  if (!row) {
    return { pageId, responsible: null, intervalDays: null, lastReviewedAt: null, lastConfirmedAt: null, lastConfirmedBy: null, dueDate: null, overdue: false, proposal: null };
  }
  const day = today(now);
  const person: Person | null =
    row.responsible_id && row.display_name !== null
      ? { id: row.responsible_id, displayName: row.display_name, active: row.active!, departureDate: row.planned_departure_date ?? null }
      : null;
  const clock = { intervalDays: row.interval_days, setAt: new Date(row.set_at), lastConfirmedAt: row.last_confirmed_at, responsibleEditedAt: row.last_edited_at ? new Date(row.last_edited_at) : null };
  const due = dueDate(clock);
  const left = hasLeft(person, day);
  return {
    pageId,
    responsible: person ? { ...person, left } : null,
    intervalDays: row.interval_days,
    lastReviewedAt: lastReviewed(clock).toISOString(),
    lastConfirmedAt: row.last_confirmed_at?.toISOString() ?? null,
    lastConfirmedBy: row.last_confirmed_by,
    dueDate: due,
    overdue: isOverdue(due, day),
    proposal: left ? await proposeResponsible(db, pageId, person?.id ?? null, day) : null,
  };
}

/**
 * A new responsible person for a page whose one left: the contributor with the most edits
 * (then the most recent) who is still here and can read the page; when nobody who wrote it is
 * left, an owner of the page's space who is still here.
 */
export async function proposeResponsible(db: Db, pageId: string, exceptId: string | null, day: string): Promise<Proposal | null> {
  const candidates = await db
    .selectFrom('page_contributors as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['u.id', 'u.display_name', 'u.active', 'u.planned_departure_date', 'u.role', 'c.edit_count'])
    .where('c.page_id', '=', pageId)
    .orderBy('c.edit_count', 'desc')
    .orderBy('c.last_edited_at', 'desc')
    .execute();
  for (const c of candidates) {
    if (c.id === exceptId || !isPresent({ active: c.active, departureDate: c.planned_departure_date }, day)) continue;
    if (await readsPage(db, c.id, pageId)) return { userId: c.id, displayName: c.display_name, basis: 'contributor', editCount: Number(c.edit_count) };
  }
  const owners = await db
    .selectFrom('pages as p')
    .innerJoin('space_members as m', (join) => join.onRef('m.space_id', '=', 'p.space_id').on('m.role', '=', 'owner'))
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'u.active', 'u.planned_departure_date'])
    .where('p.id', '=', pageId)
    .orderBy('m.created_at')
    .execute();
  const owner = owners.find((o) => o.id !== exceptId && isPresent({ active: o.active, departureDate: o.planned_departure_date }, day));
  return owner ? { userId: owner.id, displayName: owner.display_name, basis: 'space-owner', editCount: 0 } : null;
}

/** Whether `userId` (fresh role and state) can read the page, decided by the shared policy. */
export async function readsPage(db: Db, userId: string, pageId: string): Promise<boolean> {
  return canBeResponsible((await pageAccess(db, { id: userId }, pageId)).level);
}

export interface DueReview {
  pageId: string;
  title: string;
  spaceId: string;
  spaceName: string;
  reasons: ('interval' | 'step-removed')[];
  intervalDays: number | null;
  lastReviewedAt: string | null;
  dueDate: string;
  overdue: boolean;
  removedSteps: RemovedStep[];
}

export interface RemovedStep {
  processId: string;
  processName: string;
  elementId: string;
  stepName: string | null;
  version: number;
  flaggedAt: string;
}

/**
 * The caller's reviews due within `withinDays` (0: due today or overdue), soonest first, and the
 * pages they answer for whose step a process version removed (due since it was removed; see
 * processes/review-flags.ts). Archived pages and pages the caller can no longer read are left out.
 */
export async function dueReviews(db: Db, user: AuthUser, withinDays: number, now = new Date()): Promise<DueReview[]> {
  const rows = await db
    .selectFrom('page_reviews as r')
    .innerJoin('pages as p', 'p.id', 'r.page_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .leftJoin('page_contributors as c', (join) => join.onRef('c.page_id', '=', 'r.page_id').onRef('c.user_id', '=', 'r.responsible_id'))
    .select(['r.page_id', 'r.interval_days', 'r.set_at', 'r.last_confirmed_at', 'c.last_edited_at', 'p.title', 'p.space_id', 's.name as space_name'])
    .where('r.responsible_id', '=', user.id)
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .execute();
  const day = today(now);
  const horizon = today(new Date(now.getTime() + withinDays * 86_400_000));
  const result = new Map<string, DueReview>();
  const clocks = new Map<string, { intervalDays: number; lastReviewedAt: string; dueDate: string }>();
  for (const r of rows) {
    const clock = { intervalDays: r.interval_days, setAt: new Date(r.set_at), lastConfirmedAt: r.last_confirmed_at, responsibleEditedAt: r.last_edited_at ? new Date(r.last_edited_at) : null };
    const due = dueDate(clock);
    clocks.set(r.page_id, { intervalDays: r.interval_days, lastReviewedAt: lastReviewed(clock).toISOString(), dueDate: due });
    if (due > horizon) continue;
    if (!withinTokenSpaces(user, r.space_id) || !(await readsPage(db, user.id, r.page_id))) continue;
    result.set(r.page_id, {
      pageId: r.page_id,
      title: r.title,
      spaceId: r.space_id,
      spaceName: r.space_name,
      reasons: ['interval'],
      intervalDays: r.interval_days,
      lastReviewedAt: lastReviewed(clock).toISOString(),
      dueDate: due,
      overdue: isOverdue(due, day),
      removedSteps: [],
    });
  }

  const flags = await openFlagsFor(db, user.id);
  if (flags.length > 0) {
    const pages = await db
      .selectFrom('pages as p')
      .innerJoin('spaces as s', 's.id', 'p.space_id')
      .select(['p.id', 'p.title', 'p.space_id', 's.name as space_name'])
      .where('p.id', 'in', [...new Set(flags.map((f) => f.pageId))])
      .where('p.archived_at', 'is', null)
      .where('s.archived_at', 'is', null)
      .execute();
    const pageOf = new Map(pages.map((p) => [p.id, p]));
    const unreadable = new Set<string>();
    for (const flag of flags) {
      const page = pageOf.get(flag.pageId);
      if (!page || unreadable.has(page.id)) continue;
      let item = result.get(page.id);
      if (!item) {
        if (!withinTokenSpaces(user, page.space_id) || !(await readsPage(db, user.id, page.id))) {
          unreadable.add(page.id);
          continue;
        }
        // Due since the step was removed (flags come oldest first); the interval's clock stays shown.
        const flaggedDay = today(flag.flaggedAt);
        const clock = clocks.get(page.id);
        item = {
          pageId: page.id,
          title: page.title,
          spaceId: page.space_id,
          spaceName: page.space_name,
          reasons: [],
          intervalDays: clock?.intervalDays ?? null,
          lastReviewedAt: clock?.lastReviewedAt ?? null,
          dueDate: flaggedDay,
          overdue: isOverdue(flaggedDay, day),
          removedSteps: [],
        };
        result.set(page.id, item);
      }
      if (!item.reasons.includes('step-removed')) item.reasons.push('step-removed');
      if (today(flag.flaggedAt) < item.dueDate) {
        item.dueDate = today(flag.flaggedAt);
        item.overdue = isOverdue(item.dueDate, day);
      }
      item.removedSteps.push({
        processId: flag.processId,
        processName: flag.processName,
        elementId: flag.elementId,
        stepName: flag.stepName,
        version: flag.version,
        flaggedAt: flag.flaggedAt.toISOString(),
      });
    }
  }
  return [...result.values()].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.title.localeCompare(b.title, 'de'));
}

export interface ReviewGap {
  pageId: string;
  title: string;
  spaceId: string;
  spaceName: string;
  responsible: (Person & { left: boolean }) | null;
  proposal: Proposal | null;
}

/**
 * The spaces whose review gaps the user sees: every space for knowledge managers and admins
 * (by the role stored now, not the session's), else the spaces they own.
 */
export async function gapSpaces(db: Db, user: AuthUser): Promise<string[] | 'all'> {
  const fresh = await db.selectFrom('users').select('role').where('id', '=', user.id).executeTakeFirst();
  // A token limited to spaces sees the gaps of those it may see, never all.
  if (seesAllReviewGaps({ ...user, role: fresh?.role ?? 'user' })) return user.spaceIds ? [...user.spaceIds] : 'all';
  const owned = await db.selectFrom('space_members').select('space_id').where('user_id', '=', user.id).where('role', '=', 'owner').execute();
  return owned.map((r) => r.space_id).filter((id) => withinTokenSpaces(user, id));
}

/**
 * Live pages whose responsible person left, in the given spaces ('all' for knowledge managers
 * and admins), each with a proposal for a new one.
 */
export async function reviewGaps(db: Db, spaceIds: string[] | 'all', now = new Date()): Promise<ReviewGap[]> {
  if (spaceIds !== 'all' && spaceIds.length === 0) return [];
  const day = today(now);
  let query = db
    .selectFrom('page_reviews as r')
    .innerJoin('pages as p', 'p.id', 'r.page_id')
    .innerJoin('spaces as s', 's.id', 'p.space_id')
    .leftJoin('users as u', 'u.id', 'r.responsible_id')
    .select(['r.page_id', 'r.responsible_id', 'p.title', 'p.space_id', 's.name as space_name', 'u.display_name', 'u.active', 'u.planned_departure_date'])
    .where('p.archived_at', 'is', null)
    .where('s.archived_at', 'is', null)
    .where((eb) => eb.or([eb('u.id', 'is', null), eb('u.active', '=', false), eb('u.planned_departure_date', '<', day)]))
    .orderBy('s.name')
    .orderBy('p.title');
  if (spaceIds !== 'all') query = query.where('p.space_id', 'in', spaceIds);
  const rows = await query.execute();
  const gaps: ReviewGap[] = [];
  for (const r of rows) {
    const person = r.responsible_id && r.display_name !== null ? { id: r.responsible_id, displayName: r.display_name, active: r.active!, departureDate: r.planned_departure_date ?? null } : null;
    gaps.push({
      pageId: r.page_id,
      title: r.title,
      spaceId: r.space_id,
      spaceName: r.space_name,
      responsible: person ? { ...person, left: true } : null,
      proposal: await proposeResponsible(db, r.page_id, person?.id ?? null, day),
    });
  }
  return gaps;
}
