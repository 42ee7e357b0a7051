/** A sentence for the user from whatever an API call threw. */
import type { TFunction } from 'i18next';
import { ApiError } from '../api/http.ts';

export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return t('common.notFound');
    // Validation problems carry a readable detail from the server.
    if (error.status === 400 || error.status === 409 || error.status === 422) return error.problem.detail || error.problem.title || t('common.errorGeneric');
    return t('common.errorGeneric');
  }
  if (error instanceof TypeError) return t('common.errorNetwork');
  return t('common.errorGeneric');
}
