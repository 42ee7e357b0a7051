/** Creating an account, and changing an account's name, role and planned departure date. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '@stafette/api';
import { DISPLAY_NAME_MAX_LENGTH, EMAIL_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@stafette/api/limits';
import type { Locale } from '../i18n/index.ts';
import { LocaleSelect } from '../ui/LocaleSelect.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { useAction } from '../ui/use-action.ts';
import { usersAdminApi } from './api.ts';
import { DialogActions } from '../ui/DialogActions.tsx';

const ROLES: Role[] = ['user', 'knowledge_manager', 'admin'];

function RoleSelect({ id, value, onChange, disabled }: { id: string; value: Role; onChange(role: Role): void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value as Role)} disabled={disabled}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {t(`admin.roles.${role}`)}
        </option>
      ))}
    </select>
  );
}

export function CreateUserDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(user: User): void }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [locale, setLocale] = useState<Locale>('de');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (!open) return;
    setDisplayName('');
    setEmail('');
    setPassword('');
    setRole('user');
    setLocale('de');
    setError(null);
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!displayName.trim()) return setError(t('admin.nameRequired'));
    if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) return setError(t('admin.emailRequired'));
    if ([...password].length < PASSWORD_MIN_LENGTH) return setError(t('admin.passwordTooShort', { count: PASSWORD_MIN_LENGTH }));
    void run(async () => onCreated(await usersAdminApi.create({ displayName: displayName.trim(), email: email.trim(), password, role, locale })));
  };

  return (
    <Dialog title={t('admin.newUser')} open={open} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="new-user-name">{t('admin.name')}</label>
          <input id="new-user-name" type="text" value={displayName} maxLength={DISPLAY_NAME_MAX_LENGTH} onChange={(event) => setDisplayName(event.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor="new-user-email">{t('admin.email')}</label>
          <input id="new-user-email" type="email" autoComplete="off" value={email} maxLength={EMAIL_MAX_LENGTH} onChange={(event) => setEmail(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="new-user-password">{t('admin.initialPassword')}</label>
          <input id="new-user-password" type="password" autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} aria-describedby="new-user-password-hint" />
          <p id="new-user-password-hint" className="field-hint">
            {t('admin.initialPasswordHint', { count: PASSWORD_MIN_LENGTH })}
          </p>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="new-user-role">{t('admin.role')}</label>
            <RoleSelect id="new-user-role" value={role} onChange={setRole} />
          </div>
          <div className="field">
            <label htmlFor="new-user-locale">{t('admin.language')}</label>
            <LocaleSelect id="new-user-locale" value={locale} onChange={setLocale} />
          </div>
        </div>
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} busy={busy} error={error} />
      </form>
    </Dialog>
  );
}

export function EditUserDialog({ user, self, onClose, onSaved }: { user: User | null; self: boolean; onClose(): void; onSaved(user: User): void }) {
  const { t } = useTranslation();
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('user');
  const [departure, setDeparture] = useState('');
  const { busy, error, setError, run } = useAction();

  useEffect(() => {
    if (!user) return;
    setDisplayName(user.displayName);
    setRole(user.role);
    setDeparture(user.plannedDepartureDate ?? '');
    setError(null);
  }, [user]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!user) return;
    if (!displayName.trim()) return setError(t('admin.nameRequired'));
    const changes: Parameters<typeof usersAdminApi.update>[1] = {};
    if (displayName.trim() !== user.displayName) changes.displayName = displayName.trim();
    if (role !== user.role) changes.role = role;
    if ((departure || null) !== user.plannedDepartureDate) changes.plannedDepartureDate = departure || null;
    void run(async () => onSaved(Object.keys(changes).length ? await usersAdminApi.update(user.id, changes) : user));
  };

  return (
    <Dialog title={user ? t('admin.editTitle', { name: user.displayName }) : ''} open={user !== null} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="edit-user-name">{t('admin.name')}</label>
          <input id="edit-user-name" type="text" value={displayName} maxLength={DISPLAY_NAME_MAX_LENGTH} onChange={(event) => setDisplayName(event.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="edit-user-role">{t('admin.role')}</label>
          {/* Administrators cannot demote themselves (the server refuses it: self-lockout). */}
          <RoleSelect id="edit-user-role" value={role} onChange={setRole} disabled={self} />
        </div>
        <div className="field">
          <label htmlFor="edit-user-departure">{t('admin.departure')}</label>
          <input id="edit-user-departure" type="date" value={departure} onChange={(event) => setDeparture(event.target.value)} />
        </div>
        <DialogActions onCancel={onClose} submitLabel={t('common.save')} busy={busy} error={error} />
      </form>
    </Dialog>
  );
}
