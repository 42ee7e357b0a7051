/** Edit or remove the link on the selection (Mod-K or the toolbar). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isSafeHref } from '@stafette/schema';
import { Dialog } from '../ui/Dialog.tsx';

interface Props {
  open: boolean;
  initialHref: string;
  onApply(href: string | null): void;
  onClose(): void;
}

export function LinkDialog({ open, initialHref, onApply, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('editor.linkDialogTitle')} open={open} onClose={onClose}>
      {open && <LinkForm initialHref={initialHref} onApply={onApply} onClose={onClose} />}
    </Dialog>
  );
}

function LinkForm({ initialHref, onApply, onClose }: Omit<Props, 'open'>) {
  const { t } = useTranslation();
  const [href, setHref] = useState(initialHref);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = href.trim();
    if (value === '') return onApply(null);
    // Bare domains ("www.berlin.de") are meant as web addresses.
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.startsWith('#') ? value : `https://${value}`;
    if (!isSafeHref(withScheme)) {
      setError(t('editor.linkInvalid'));
      return;
    }
    onApply(withScheme);
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="link-href">{t('editor.linkUrl')}</label>
        <input
          id="link-href"
          type="url"
          autoFocus
          value={href}
          onChange={(event) => setHref(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'link-error' : undefined}
          placeholder="https://"
        />
        {error && (
          <p id="link-error" className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="dialog-actions">
        {initialHref && (
          <button type="button" className="button button-ghost" onClick={() => onApply(null)}>
            {t('editor.linkRemove')}
          </button>
        )}
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary">
          {t('editor.linkApply')}
        </button>
      </div>
    </form>
  );
}
