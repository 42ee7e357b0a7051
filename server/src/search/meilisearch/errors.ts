import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError } from 'meilisearch';
import { SearchUnavailableError } from '../backend.ts';

/**
 * Sorts Meilisearch failures into "the service is not there" (unreachable, timing out, 5xx,
 * a task not done in time) — the indexer waits and retries everything, search answers 503 —
 * and everything else (a rejected document or filter), which is a real error of that call.
 */
export function classifyMeiliError(err: unknown): unknown {
  if (err instanceof SearchUnavailableError) return err;
  if (err instanceof MeilisearchRequestError || err instanceof MeilisearchRequestTimeOutError || err instanceof MeilisearchTaskTimeOutError) {
    return new SearchUnavailableError(`Meilisearch is unreachable: ${err.message}`, { cause: err });
  }
  if (err instanceof MeilisearchApiError && err.response.status >= 500) {
    return new SearchUnavailableError(`Meilisearch failed: ${err.message}`, { cause: err });
  }
  return err;
}

/** Runs a Meilisearch call, rethrowing unavailability as SearchUnavailableError. */
export async function meili<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw classifyMeiliError(err);
  }
}
