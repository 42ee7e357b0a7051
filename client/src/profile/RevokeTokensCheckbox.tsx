/** "Also revoke API tokens", ticked by default, beside changing the password and signing out everywhere. */
import { useTranslation } from 'react-i18next';

export function RevokeTokensCheckbox({ id, checked, onChange }: { id: string; checked: boolean; onChange(checked: boolean): void }) {
  const { t } = useTranslation();
  return (
    <div className="field field-check">
      <input id={id} type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} aria-describedby={`${id}-hint`} />
      <label htmlFor={id}>{t('profile.revokeTokens')}</label>
      <p id={`${id}-hint`} className="field-hint">
        {t('profile.revokeTokensHint')}
      </p>
    </div>
  );
}
