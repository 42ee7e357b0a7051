import { describe, expect, it } from 'vitest';
import type { AccessLevel, PageAccess } from './pages.ts';
import { decideProcessAction, decideStepAttachment, type ProcessAccess } from './processes.ts';

const processIn = (level: AccessLevel, archived = { process: false, space: false }): ProcessAccess => ({
  level,
  process: level === 'none' ? null : { id: 'p', spaceId: 's', archived: archived.process, spaceArchived: archived.space },
});
const page = (level: AccessLevel, archived = false): PageAccess => ({ level, page: level === 'none' ? null : { id: 'x', spaceId: 's2', archived } });

describe('decideStepAttachment (the attach route and interview publication)', () => {
  it('needs edit rights in the process’s space; reading is not enough', () => {
    expect(decideStepAttachment(processIn('write'), page('read'))).toBe('allow');
    expect(decideStepAttachment(processIn('manage'), page('write'))).toBe('allow');
    expect(decideStepAttachment(processIn('read'), page('manage'))).toBe('forbidden');
    expect(decideStepAttachment(processIn('none'), page('manage'))).toBe('not-found');
  });

  it('refuses archived processes and processes in archived spaces, even for owners', () => {
    expect(decideStepAttachment(processIn('manage', { process: true, space: false }), page('write'))).toBe('read-only');
    expect(decideStepAttachment(processIn('manage', { process: false, space: true }), page('write'))).toBe('read-only');
  });

  it('needs a page the caller reads that is not archived', () => {
    expect(decideStepAttachment(processIn('write'), page('none'))).toBe('page-not-found');
    expect(decideStepAttachment(processIn('write'), page('read', true))).toBe('page-archived');
  });
});

describe('linkAnswer (an interview answer names its step)', () => {
  const link = (level: AccessLevel, archived = { process: false, space: false }) =>
    decideProcessAction(level, 'linkAnswer', { processArchived: archived.process, spaceArchived: archived.space });

  it('lets readers propose a step, not in an archived process or space, and hides unseen processes', () => {
    expect(link('read')).toBe('allow');
    expect(link('none')).toBe('not-found');
    expect(link('write', { process: true, space: false })).toBe('read-only');
    expect(link('read', { process: false, space: true })).toBe('read-only');
  });
});
