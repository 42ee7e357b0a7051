/**
 * Enrolling an authenticator app: start (the server makes a secret), scan the QR code or type
 * the key, confirm with a first code; then the ten recovery codes, shown this once.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpEnrolment } from '@stafette/api';
import { FormError } from '../ui/FormError.tsx';
import { useAction } from '../ui/use-action.ts';
import { twoFactorApi } from './api.ts';
import { QrCode } from './QrCode.tsx';
import { RecoveryCodesList } from './RecoveryCodesList.tsx';
import { cleanCode, twoFactorError } from './two-factor-errors.ts';

/** The key in groups of four, as apps that take it typed show it. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function TwoFactorSetup({ onEnabled, onNotice }: { onEnabled(): void; onNotice(message: string): void }) {
  const { t } = useTranslation();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { busy, error, setError, run } = useAction((caught) => twoFactorError(caught, t));

  const start = () => void run(async () => setEnrolment(await twoFactorApi.enrol()));

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (code.length !== 6) return setError(t('profile.twoFactor.codeSixDigits'));
    void run(async () => {
      const result = await twoFactorApi.confirm(code);
      setCodes(result.recoveryCodes);
    });
  };

  if (codes) {
    return (
      <div className="two-factor-setup">
        <p role="status">
          <strong>{t('profile.twoFactor.enabledNow')}</strong>
        </p>
        <h3>{t('profile.twoFactor.codesTitle')}</h3>
        <RecoveryCodesList codes={codes} onNotice={onNotice} />
        <button type="button" className="button button-primary" onClick={onEnabled}>
          {t('profile.twoFactor.codesSaved')}
        </button>
      </div>
    );
  }

  if (!enrolment) {
    return (
      <div className="two-factor-setup">
        <FormError message={error} />
        <button type="button" className="button button-primary" onClick={start} disabled={busy}>
          {t('profile.twoFactor.start')}
        </button>
      </div>
    );
  }

  return (
    <form className="two-factor-setup" onSubmit={confirm} noValidate>
      <ol className="two-factor-steps">
        <li>{t('profile.twoFactor.stepApp')}</li>
        <li>
          <p>{t('profile.twoFactor.stepScan')}</p>
          <QrCode text={enrolment.otpauthUri} label={t('profile.twoFactor.qrLabel')} />
          <p id="totp-key-hint" className="field-hint">
            {t('profile.twoFactor.manualKey')}
          </p>
          <p>
            <code className="totp-key" aria-describedby="totp-key-hint">
              {grouped(enrolment.secret)}
            </code>
          </p>
        </li>
        <li>
          <div className="field">
            <label htmlFor="totp-confirm-code">{t('profile.twoFactor.stepConfirm')}</label>
            <input
              id="totp-confirm-code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]*"
              maxLength={6}
              value={code}
              onChange={(event) => setCode(cleanCode(event.target.value))}
              aria-invalid={error ? true : undefined}
            />
          </div>
        </li>
      </ol>
      <FormError message={error} />
      <button type="submit" className="button button-primary" disabled={busy}>
        {t('profile.twoFactor.confirm')}
      </button>
    </form>
  );
}
