import { envIntegers } from '../env-integers.ts';

/** Tunables of exit interviews, from the environment. */
export interface InterviewOptions {
  /**
   * Days after the departure date after which an interview's unpublished content (the answer
   * document, private flags, step links, reviews) is deleted. `STAFETTE_INTERVIEW_RETENTION_DAYS`.
   */
  retentionDays: number;
  /**
   * Days before that date from which interviews still running show a warning (they are never
   * purged automatically). `STAFETTE_INTERVIEW_RETENTION_WARNING_DAYS`.
   */
  retentionWarningDays: number;
  /** How often the server runs the retention job (ms); 0 turns the timer off (the CLI still works). */
  retentionIntervalMs: number;
}

export const defaultInterviewOptions: InterviewOptions = {
  retentionDays: 90,
  retentionWarningDays: 14,
  retentionIntervalMs: 6 * 60 * 60 * 1000,
};

const ENV: Record<keyof InterviewOptions, string> = {
  retentionDays: 'STAFETTE_INTERVIEW_RETENTION_DAYS',
  retentionWarningDays: 'STAFETTE_INTERVIEW_RETENTION_WARNING_DAYS',
  retentionIntervalMs: 'STAFETTE_INTERVIEW_RETENTION_INTERVAL_MS',
};

/** Options from `STAFETTE_INTERVIEW_*` environment variables over the defaults; loadConfig (config.ts) calls it once. */
export function interviewOptionsFrom(env: NodeJS.ProcessEnv): InterviewOptions {
  return envIntegers(env, defaultInterviewOptions, ENV);
}
