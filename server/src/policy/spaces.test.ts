import { describe, expect, it } from 'vitest';
import { canOnPage, canOnSpace } from './spaces.ts';

describe('canOnSpace', () => {
  it('lets readers read, editors create pages and owners manage', () => {
    expect(canOnSpace('read', false, 'read')).toBe(true);
    expect(canOnSpace('read', false, 'createPage')).toBe(false);
    expect(canOnSpace('write', false, 'createPage')).toBe(true);
    expect(canOnSpace('write', false, 'manageMembers')).toBe(false);
    expect(canOnSpace('manage', false, 'archive')).toBe(true);
    expect(canOnSpace('none', false, 'read')).toBe(false);
  });

  it('takes no new pages in an archived space, not even from owners', () => {
    expect(canOnSpace('manage', true, 'createPage')).toBe(false);
    expect(canOnSpace('manage', true, 'manageMembers')).toBe(true);
  });
});

describe('canOnPage', () => {
  it('lets editors rename, move and archive live pages, owners restore and delete', () => {
    expect(canOnPage('write', false, 'move')).toBe(true);
    expect(canOnPage('write', false, 'archive')).toBe(true);
    expect(canOnPage('write', false, 'restore')).toBe(false);
    expect(canOnPage('manage', true, 'restore')).toBe(true);
    expect(canOnPage('manage', true, 'delete')).toBe(true);
    expect(canOnPage('read', false, 'editTitle')).toBe(false);
  });

  it('freezes archived pages for everyone', () => {
    expect(canOnPage('manage', true, 'editTitle')).toBe(false);
    expect(canOnPage('manage', true, 'move')).toBe(false);
    expect(canOnPage('read', true, 'read')).toBe(true);
  });
});
