import { CLASSIFICATION_KEYS, type ClassificationKey } from '@stafette/api';

/**
 * The order of the classification levels: pure functions, no I/O. The keys and their order are
 * fixed (labels are in the database); a higher rank is more confidential.
 */
export type { ClassificationKey } from '@stafette/api';

export function rankOf(key: ClassificationKey): number {
  return CLASSIFICATION_KEYS.indexOf(key);
}

export function keyOfRank(rank: number): ClassificationKey {
  const key = CLASSIFICATION_KEYS[rank];
  if (!key) throw new Error(`no classification level of rank ${rank}`);
  return key;
}

/** Whether `level` is `wanted` or more confidential. */
export function atLeastLevel(level: ClassificationKey, wanted: ClassificationKey): boolean {
  return rankOf(level) >= rankOf(wanted);
}

/** The more confidential of the given levels; nulls (inherited, nothing of its own) are skipped. */
export function highest(...levels: (ClassificationKey | null | undefined)[]): ClassificationKey {
  let rank = 0;
  for (const level of levels) if (level) rank = Math.max(rank, rankOf(level));
  return keyOfRank(rank);
}
