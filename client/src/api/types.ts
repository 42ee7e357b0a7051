/** Shapes of the API responses the client reads (see the OpenAPI document at /api/docs). */
import type { PMNodeJSON } from '@stafette/schema';

export type Role = 'admin' | 'knowledge_manager' | 'user';
export type SpaceRole = 'reader' | 'editor' | 'owner';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  locale: 'de' | 'en';
}

export interface SessionInfo {
  user: User;
  csrfToken: string;
}

export interface Space {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** The caller's own membership role; null for admins and knowledge managers without one. */
  myRole: SpaceRole | null;
  permissions: { canCreatePages: boolean; canManage: boolean };
}

export interface TreeNode {
  id: string;
  title: string;
  children: TreeNode[];
}

export interface Breadcrumb {
  id: string;
  title: string;
}

export interface PagePermissions {
  canEdit: boolean;
  canManage: boolean;
}

export interface Page {
  id: string;
  spaceId: string;
  parentId: string | null;
  title: string;
  position?: number;
  archivedAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  breadcrumbs: Breadcrumb[];
  space: { id: string; name: string; archived: boolean };
  permissions: PagePermissions;
  /** ProseMirror JSON of the body (content issue); absent on older servers. */
  doc?: PMNodeJSON | null;
}

/** A page in a listing (start page: recently changed, my pages). */
export interface PageSummary {
  id: string;
  title: string;
  spaceId: string;
  spaceName: string;
  updatedAt: string;
  updatedBy: string | null;
}
