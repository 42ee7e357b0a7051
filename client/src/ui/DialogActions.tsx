/**
 * The footer of a form dialog: why the last submit failed (when `error` is given), "Cancel"
 * (closes without saving) and the primary submit button.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FormError } from './FormError.tsx';

export function DialogActions({ onCancel, submitLabel, busy, error }: { onCancel(): void; submitLabel: ReactNode; busy?: boolean; error?: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <FormError message={error} />
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </>
  );
}
