/** The ten recovery codes, shown once: as a list to read off and a copy button. */
import { useTranslation } from 'react-i18next';

export function RecoveryCodesList({ codes, onNotice }: { codes: string[]; onNotice(message: string): void }) {
  const { t } = useTranslation();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      onNotice(t('profile.twoFactor.codesCopied'));
    } catch {
      onNotice(t('profile.twoFactor.codesCopyFailed'));
    }
  };
  return (
    <div className="recovery-codes">
      <p className="banner banner-info">{t('profile.twoFactor.codesOnce')}</p>
      <ol className="recovery-code-list" aria-label={t('profile.twoFactor.codesTitle')}>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <button type="button" className="button button-secondary" onClick={() => void copy()}>
        {t('profile.twoFactor.copyCodes')}
      </button>
    </div>
  );
}
