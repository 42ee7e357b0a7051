/** The footer of a form dialog: "Cancel" (closes without saving) and the primary submit button. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function DialogActions({ onCancel, submitLabel, busy }: { onCancel(): void; submitLabel: ReactNode; busy?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="dialog-actions">
      <button type="button" className="button button-secondary" onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className="button button-primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}
