import type { Kysely } from 'kysely';
import type { AuthUser } from '../auth/auth.ts';
import type { DB } from '../db/schema.ts';
import { atLeast } from './access-rules.ts';
import { allow, type Decision, hidden, notAllowed } from './decision.ts';
import { canOnInstance, instanceRefusalDetail } from './instance.ts';
import { spaceState } from './pages.ts';

/**
 * Templates: the global gallery is read by every account and kept by administrators and
 * knowledge managers (`templates.manage`); a space's gallery is read by whoever reads the
 * space and kept by its owners. A space template the caller cannot see is 404.
 */
export type TemplateAction = 'read' | 'manage';

export interface TemplateGrant {
  user: AuthUser;
  template: { id: string; spaceId: string | null };
  /** The caller may also change or delete it (lists show this without a second check). */
  canManage: boolean;
}

/** Who may keep the gallery of `spaceId` (null: the global one). */
export async function mayManageGallery(db: Kysely<DB>, user: AuthUser, spaceId: string | null): Promise<'yes' | 'hidden' | 'no'> {
  if (spaceId === null) return canOnInstance(user, 'templates.manage') ? 'yes' : 'no';
  const { level } = await spaceState(db, user, spaceId);
  if (level === 'none') return 'hidden';
  return atLeast(level, 'manage') ? 'yes' : 'no';
}

const refusal = (spaceId: string | null, user: AuthUser) =>
  notAllowed(spaceId === null ? instanceRefusalDetail('templates.manage', user) : 'Only owners of the space may change its templates.');

export async function decideTemplate(db: Kysely<DB>, user: AuthUser, templateId: string, action: TemplateAction): Promise<Decision<TemplateGrant>> {
  const row = await db.selectFrom('templates').select(['id', 'space_id']).where('id', '=', templateId).executeTakeFirst();
  if (!row) return hidden('template');
  const may = await mayManageGallery(db, user, row.space_id);
  if (may === 'hidden') return hidden('template');
  const grant: TemplateGrant = { user, template: { id: row.id, spaceId: row.space_id }, canManage: may === 'yes' };
  if (action === 'read' || may === 'yes') return allow(grant);
  return refusal(row.space_id, user);
}

/** Adding a template to a gallery: `spaceId` undefined or null is the global one. */
export async function decideTemplateGallery(db: Kysely<DB>, user: AuthUser, spaceId: string | null): Promise<Decision<{ user: AuthUser; spaceId: string | null }>> {
  const may = await mayManageGallery(db, user, spaceId);
  if (may === 'hidden') return hidden('space');
  return may === 'yes' ? allow({ user, spaceId }) : refusal(spaceId, user);
}
