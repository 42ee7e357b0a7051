import type { FastifyInstance } from 'fastify';
import type { AuthUser } from '../auth/auth.ts';
import { notFound } from '../http/problem.ts';
import { type InterviewAccess, interviewAccess } from '../policy/interviews.ts';
import { interviewJson } from './interview-json.ts';
import { loadInterview } from './interview-queries.ts';
import type { RetentionOptions } from './retention.ts';

/** How long unpublished content is kept, and warned about before, as the answers show it. */
export function retentionShown(app: FastifyInstance): RetentionOptions {
  const { retentionDays, retentionWarningDays } = app.config.interviews;
  return { retentionDays, warningDays: retentionWarningDays };
}

/**
 * The interview as `user` sees it, the answer of most interview routes. Pass the access the
 * route's check learnt when nothing changed since; after a change it is read again, since the
 * status or the participants (and with them what the caller may do) may have moved.
 */
export async function interviewDetail(app: FastifyInstance, user: AuthUser, id: string, access?: InterviewAccess) {
  const facts = access ?? (await interviewAccess(app.db, user, id));
  const record = facts ? await loadInterview(app.db, id) : null;
  if (!facts || !record) throw notFound('interview');
  return interviewJson(app, record, facts, retentionShown(app));
}
