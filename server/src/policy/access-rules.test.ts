import { describe, expect, it } from 'vitest';
import { type AccessFacts, atLeast, canEditContent, decideAccess, readsEverySpace } from './access-rules.ts';

const base: AccessFacts = { userRole: 'user', userActive: true, memberRole: null, spaceArchived: false, pageArchived: false };
const decide = (facts: Partial<AccessFacts>) => decideAccess({ ...base, ...facts });

describe('decideAccess', () => {
  it('gives members the level of their role and non-members nothing', () => {
    expect(decide({})).toBe('none');
    expect(decide({ memberRole: 'reader' })).toBe('read');
    expect(decide({ memberRole: 'editor' })).toBe('write');
    expect(decide({ memberRole: 'owner' })).toBe('manage');
  });

  it('lets admins act as owners everywhere and knowledge managers read everywhere', () => {
    expect(decide({ userRole: 'admin' })).toBe('manage');
    expect(decide({ userRole: 'admin', memberRole: 'reader' })).toBe('manage');
    expect(decide({ userRole: 'knowledge_manager' })).toBe('read');
    // A knowledge manager who is also an editor keeps the editor's rights.
    expect(decide({ userRole: 'knowledge_manager', memberRole: 'editor' })).toBe('write');
    expect(decide({ userRole: 'knowledge_manager', memberRole: 'owner' })).toBe('manage');
  });

  it('gives deactivated users nothing, whatever their role', () => {
    expect(decide({ userActive: false, userRole: 'admin' })).toBe('none');
    expect(decide({ userActive: false, memberRole: 'owner' })).toBe('none');
    expect(decide({ userActive: false, userRole: 'knowledge_manager' })).toBe('none');
  });

  it('makes archived spaces and pages read-only but keeps owner actions', () => {
    expect(decide({ memberRole: 'editor', spaceArchived: true })).toBe('read');
    expect(decide({ memberRole: 'editor', pageArchived: true })).toBe('read');
    expect(decide({ memberRole: 'reader', pageArchived: true })).toBe('read');
    expect(decide({ memberRole: 'owner', spaceArchived: true })).toBe('manage');
    expect(decide({ userRole: 'admin', pageArchived: true })).toBe('manage');
    expect(decide({ spaceArchived: true })).toBe('none');
  });
});

describe('helpers', () => {
  it('orders levels', () => {
    expect(atLeast('manage', 'write')).toBe(true);
    expect(atLeast('write', 'write')).toBe(true);
    expect(atLeast('read', 'write')).toBe(false);
    expect(atLeast('none', 'read')).toBe(false);
  });

  it('allows content edits only with write rights on a live page', () => {
    expect(canEditContent('write', false)).toBe(true);
    expect(canEditContent('manage', false)).toBe(true);
    expect(canEditContent('manage', true)).toBe(false);
    expect(canEditContent('read', false)).toBe(false);
  });

  it('lets only active admins and knowledge managers skip the space list', () => {
    expect(readsEverySpace('admin', true)).toBe(true);
    expect(readsEverySpace('knowledge_manager', true)).toBe(true);
    expect(readsEverySpace('user', true)).toBe(false);
    expect(readsEverySpace('admin', false)).toBe(false);
  });
});
