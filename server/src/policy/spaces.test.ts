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

  it('takes no new pages or processes in an archived space, not even from owners', () => {
    expect(canOnSpace('manage', true, 'createPage')).toBe(false);
    expect(canOnSpace('manage', true, 'importProcess')).toBe(false);
    expect(canOnSpace('manage', true, 'manageMembers')).toBe(true);
  });

  it('lets only owners import processes', () => {
    expect(canOnSpace('write', false, 'importProcess')).toBe(false);
    expect(canOnSpace('manage', false, 'importProcess')).toBe(true);
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
    expect(canOnPage('manage', true, 'editContent')).toBe(false);
    expect(canOnPage('manage', true, 'restoreVersion')).toBe(false);
    expect(canOnPage('manage', true, 'move')).toBe(false);
    expect(canOnPage('read', true, 'read')).toBe(true);
  });

  it('lets editors change content and versions, and any reader attach a live page to a step', () => {
    expect(canOnPage('write', false, 'editContent')).toBe(true);
    expect(canOnPage('write', false, 'createVersion')).toBe(true);
    expect(canOnPage('read', false, 'createVersion')).toBe(false);
    expect(canOnPage('read', false, 'attach')).toBe(true);
    expect(canOnPage('read', true, 'attach')).toBe(false);
  });
});
