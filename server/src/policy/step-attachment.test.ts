import { describe, expect, it } from 'vitest';
import type { AccessLevel, PageAccess } from './pages.ts';
import { decideAnswerStepLink, decideStepAttachment, type ProcessAccess } from './processes.ts';

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

describe('decideAnswerStepLink (an interview answer names its step)', () => {
  it('lets readers propose a step, not in an archived process or space, and hides unseen processes', () => {
    expect(decideAnswerStepLink(processIn('read'))).toBe('allow');
    expect(decideAnswerStepLink(processIn('none'))).toBe('not-found');
    expect(decideAnswerStepLink(processIn('write', { process: true, space: false }))).toBe('read-only');
    expect(decideAnswerStepLink(processIn('read', { process: false, space: true }))).toBe('read-only');
  });
});
