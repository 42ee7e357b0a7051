/**
 * Worker thread side of attachment-texts.ts: extracts the text of one file per job. Time and
 * heap are bounded by the pool (server/src/workers/bounded-pool.ts); a PDF that loops or a
 * spreadsheet that needs gigabytes ends this worker, not the server.
 */
import { serveJobs } from '../../workers/serve-jobs.ts';
import { type ExtractJob, type ExtractResult, extractText } from './extract.ts';

serveJobs<ExtractJob, ExtractResult>(extractText);
