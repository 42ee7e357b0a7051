/**
 * Personal API tokens: the list (name, read-only or full, spaces, created, expiry, last use),
 * creating one (optionally read-only and limited to chosen spaces; its secret is shown once, in a
 * field to copy from) and revoking one. With two-factor sign-in on, the server may ask for a
 * current code first: the form then shows a field for it.
 */
import { useState, type FormEvent } from 'react';
import './two-factor.css';
import { useTranslation } from 'react-i18next';
import { API_TOKEN_NAME_MAX_LENGTH } from '@stafette/api/limits';
import type { ApiToken } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { spacesApi } from '../api/endpoints.ts';
import { problemType } from '../api/http.ts';
import { profileApi } from './api.ts';
import { cleanCode, twoFactorError } from './two-factor-errors.ts';
import { ProfileSection } from './ProfileSection.tsx';
import { FormError } from '../ui/FormError.tsx';

export function TokensSection({ onNotice }: { onNotice(message: string): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tokens = useAsync(() => profileApi.tokens(), []);
  const spaces = useAsync(() => spacesApi.list(), []);
  const spaceName = (id: string) => (spaces.status === 'done' ? spaces.value.find((s) => s.id === id)?.name : undefined) ?? t('profile.tokenUnknownSpace');
  const [spaceIds, setSpaceIds] = useState<string[]>([]);
  // Shown once the server asked for a second-factor code (second-factor-required).
  const [needsCode, setNeedsCode] = useState(false);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [readOnly, setReadOnly] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(t('profile.tokenNameRequired'));
    try {
      // A date means "valid through that day" in the user's time zone.
      const expiresAt = expires ? new Date(`${expires}T23:59:59`).toISOString() : null;
      const token = await profileApi.createToken(name.trim(), expiresAt, readOnly, spaceIds, needsCode ? code : undefined);
      setCreated({ name: token.name, token: token.token });
      setName('');
      setExpires('');
      setReadOnly(false);
      setSpaceIds([]);
      setNeedsCode(false);
      setCode('');
      setError(null);
      tokens.reload();
    } catch (err) {
      const type = problemType(err);
      if (type === 'second-factor-required') setNeedsCode(true);
      setError(type === 'second-factor-required' || type === 'invalid-second-factor' || type === 'too-many-requests' ? twoFactorError(err, t) : errorMessage(err, t));
    }
  };

  const revoke = async (token: ApiToken) => {
    setRevoking(null);
    try {
      await profileApi.revokeToken(token.id);
      onNotice(t('profile.revoked', { name: token.name }));
      tokens.reload();
    } catch (err) {
      setError(errorMessage(err, t));
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      onNotice(t('profile.tokenCopied'));
    } catch {
      (document.getElementById('token-value') as HTMLInputElement | null)?.select();
    }
  };

  return (
    <ProfileSection id="profile-tokens" title={t('profile.tokens')}>
      <p className="muted">{t('profile.tokensIntro')}</p>
      <Loaded state={tokens} empty={t('profile.tokensEmpty')}>
        {(list) => (
          <DataTable
            caption={t('profile.tokens')}
            columns={[t('profile.tokenColName'), t('profile.tokenColSpaces'), t('profile.tokenColCreated'), t('profile.tokenColExpires'), t('profile.tokenColUsed')]}
            actions={t('profile.tokenColActions')}
          >
            {list.map((token) => (
              <tr key={token.id}>
                <th scope="row">
                  {token.name}
                  {token.readOnly && <span className="muted"> ({t('profile.tokenReadOnlyMark')})</span>}
                </th>
                <td>{token.spaceIds ? token.spaceIds.map(spaceName).join(', ') : t('profile.tokenAllSpaces')}</td>
                <td>{format.date(token.createdAt)}</td>
                <td>{token.expiresAt ? format.date(token.expiresAt) : t('profile.noExpiry')}</td>
                <td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t('profile.never')}</td>
                <td>
                  <button type="button" className="button button-ghost button-small" aria-label={t('profile.revokeLabel', { name: token.name })} onClick={() => setRevoking(token)}>
                    {t('profile.revoke')}
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Loaded>
      <form className="token-form" onSubmit={(event) => void create(event)} noValidate>
        <div className="field">
          <label htmlFor="token-name">{t('profile.tokenName')}</label>
          <input id="token-name" type="text" value={name} maxLength={API_TOKEN_NAME_MAX_LENGTH} onChange={(event) => setName(event.target.value)} aria-describedby="token-name-hint" />
          <p id="token-name-hint" className="field-hint">
            {t('profile.tokenNameHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="token-expires">{t('profile.tokenExpires')}</label>
          <input id="token-expires" type="date" value={expires} min={new Date().toISOString().slice(0, 10)} onChange={(event) => setExpires(event.target.value)} />
        </div>
        <div className="field field-check">
          <input id="token-read-only" type="checkbox" checked={readOnly} onChange={(event) => setReadOnly(event.target.checked)} aria-describedby="token-read-only-hint" />
          <label htmlFor="token-read-only">{t('profile.tokenReadOnly')}</label>
          <p id="token-read-only-hint" className="field-hint">
            {t('profile.tokenReadOnlyHint')}
          </p>
        </div>
        {spaces.status === 'done' && spaces.value.length > 0 && (
          <fieldset className="token-spaces" aria-describedby="token-spaces-hint">
            <legend>{t('profile.tokenSpaces')}</legend>
            <p id="token-spaces-hint" className="field-hint">
              {t('profile.tokenSpacesHint')}
            </p>
            {spaces.value.map((space) => (
              <div className="field field-check" key={space.id}>
                <input
                  id={`token-space-${space.id}`}
                  type="checkbox"
                  checked={spaceIds.includes(space.id)}
                  onChange={(event) => setSpaceIds((ids) => (event.target.checked ? [...ids, space.id] : ids.filter((id) => id !== space.id)))}
                />
                <label htmlFor={`token-space-${space.id}`}>{space.name}</label>
              </div>
            ))}
          </fieldset>
        )}
        {needsCode && (
          <div className="field">
            <label htmlFor="token-totp-code">{t('profile.stepUpCode')}</label>
            <input id="token-totp-code" type="text" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(event) => setCode(cleanCode(event.target.value))} aria-describedby="token-totp-hint" autoFocus />
            <p id="token-totp-hint" className="field-hint">
              {t('profile.stepUpHint')}
            </p>
          </div>
        )}
        <FormError message={error} />
        <button type="submit" className="button button-primary">
          {t('profile.createToken')}
        </button>
      </form>
      <Dialog title={created ? t('profile.tokenCreated', { name: created.name }) : ''} open={created !== null} onClose={() => setCreated(null)}>
        <p className="banner banner-info">{t('profile.tokenOnce')}</p>
        <div className="field">
          <label htmlFor="token-value">{t('profile.tokenValue')}</label>
          <div className="token-value">
            <input id="token-value" type="text" readOnly value={created?.token ?? ''} onFocus={(event) => event.target.select()} spellCheck={false} />
            <button type="button" className="button button-secondary" onClick={() => void copy()}>
              {t('profile.copyToken')}
            </button>
          </div>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button button-primary" onClick={() => setCreated(null)}>
            {t('profile.tokenDone')}
          </button>
        </div>
      </Dialog>
      <ConfirmDialog
        title={t('profile.revokeTitle')}
        open={revoking !== null}
        question={t('profile.revokeConfirm', { name: revoking?.name ?? '' })}
        confirmLabel={t('profile.revoke')}
        onConfirm={() => revoking && void revoke(revoking)}
        onCancel={() => setRevoking(null)}
      />
    </ProfileSection>
  );
}
