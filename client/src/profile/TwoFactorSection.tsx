/**
 * "Zwei-Faktor-Anmeldung" in the profile: its state, enrolment, new recovery codes and switching
 * it off (password and a code or a recovery code). Directory accounts are told their provider
 * handles it.
 */
import { useState, type FormEvent } from 'react';
import './two-factor.css';
import { useTranslation } from 'react-i18next';
import type { TotpStatus } from '@stafette/api';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { twoFactorApi } from './api.ts';
import { ProfileSection } from './ProfileSection.tsx';
import { RecoveryCodesList } from './RecoveryCodesList.tsx';
import { TwoFactorSetup } from './TwoFactorSetup.tsx';
import { cleanCode, twoFactorError } from './two-factor-errors.ts';

export function TwoFactorSection({ onNotice }: { onNotice(message: string): void }) {
  const { t } = useTranslation();
  const status = useAsync(() => twoFactorApi.status(), []);
  return (
    <ProfileSection id="profile-two-factor" title={t('profile.twoFactor.title')}>
      <Loaded state={status}>
        {(state) => {
          if (!state.available) return <p>{t('profile.twoFactor.directory')}</p>;
          if (!state.enabled) {
            return (
              <>
                <p>{t('profile.twoFactor.intro')}</p>
                {state.required && <p className="banner banner-info">{t('profile.twoFactor.requiredNote')}</p>}
                <TwoFactorSetup
                  onNotice={onNotice}
                  onEnabled={() => {
                    onNotice(t('profile.twoFactor.enabledNotice'));
                    status.reload();
                  }}
                />
              </>
            );
          }
          return <Enabled state={state} onNotice={onNotice} onChanged={status.reload} />;
        }}
      </Loaded>
    </ProfileSection>
  );
}

function Enabled({ state, onNotice, onChanged }: { state: TotpStatus; onNotice(message: string): void; onChanged(): void }) {
  const { t } = useTranslation();
  return (
    <>
      <p role="status">
        <span className="status-on">✓ {t('profile.twoFactor.on')}</span> {t('profile.twoFactor.codesLeft', { count: state.recoveryCodesLeft })}
      </p>
      <RenewCodes onNotice={onNotice} onChanged={onChanged} />
      {state.required ? <p className="muted">{t('profile.twoFactor.mandatory')}</p> : <Disable onNotice={onNotice} onChanged={onChanged} />}
    </>
  );
}

function RenewCodes({ onNotice, onChanged }: { onNotice(message: string): void; onChanged(): void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const { busy, error, run } = useAction((caught) => twoFactorError(caught, t));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      setCodes((await twoFactorApi.renewCodes(code)).recoveryCodes);
      setCode('');
    });
  };
  if (codes) {
    return (
      <div>
        <h3>{t('profile.twoFactor.codesTitle')}</h3>
        <RecoveryCodesList codes={codes} onNotice={onNotice} />
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setCodes(null);
            onChanged();
          }}
        >
          {t('profile.twoFactor.codesSaved')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="two-factor-form">
      <h3>{t('profile.twoFactor.renewTitle')}</h3>
      <p className="muted">{t('profile.twoFactor.renewIntro')}</p>
      <div className="field">
        <label htmlFor="totp-renew-code">{t('profile.twoFactor.code')}</label>
        <input id="totp-renew-code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(event) => setCode(cleanCode(event.target.value))} />
      </div>
      <FormError message={error} />
      <button type="submit" className="button button-secondary" disabled={busy || code.length !== 6}>
        {t('profile.twoFactor.renew')}
      </button>
    </form>
  );
}

function Disable({ onNotice, onChanged }: { onNotice(message: string): void; onChanged(): void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [proof, setProof] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const { busy, error, run } = useAction((caught) => twoFactorError(caught, t));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await twoFactorApi.disable(password, useRecovery ? { recoveryCode: proof } : { code: proof });
      onNotice(t('profile.twoFactor.disabledNotice'));
      onChanged();
    });
  };
  return (
    <form onSubmit={submit} noValidate className="two-factor-form">
      <h3>{t('profile.twoFactor.disableTitle')}</h3>
      <p className="muted">{t('profile.twoFactor.disableIntro')}</p>
      <div className="field">
        <label htmlFor="totp-disable-password">{t('profile.currentPassword')}</label>
        <input id="totp-disable-password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="totp-disable-proof">{useRecovery ? t('profile.twoFactor.recoveryCode') : t('profile.twoFactor.code')}</label>
        <input
          id="totp-disable-proof"
          type="text"
          inputMode={useRecovery ? 'text' : 'numeric'}
          autoComplete="one-time-code"
          value={proof}
          onChange={(event) => setProof(useRecovery ? event.target.value : cleanCode(event.target.value))}
        />
      </div>
      <div className="field field-check">
        <input
          id="totp-disable-recovery"
          type="checkbox"
          checked={useRecovery}
          onChange={(event) => {
            setUseRecovery(event.target.checked);
            setProof('');
          }}
        />
        <label htmlFor="totp-disable-recovery">{t('profile.twoFactor.useRecovery')}</label>
      </div>
      <FormError message={error} />
      <button type="submit" className="button button-secondary" disabled={busy || !password || !proof}>
        {t('profile.twoFactor.disable')}
      </button>
    </form>
  );
}
