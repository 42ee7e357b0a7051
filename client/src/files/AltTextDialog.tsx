/** Edit the alternative text of the selected image (toolbar button while an image is selected). */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog.tsx';

interface Props {
  open: boolean;
  initialAlt: string;
  onApply(alt: string): void;
  onClose(): void;
}

export function AltTextDialog({ open, initialAlt, onApply, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('files.altDialogTitle')} open={open} onClose={onClose}>
      {open && <AltForm initialAlt={initialAlt} onApply={onApply} onClose={onClose} />}
    </Dialog>
  );
}

function AltForm({ initialAlt, onApply, onClose }: Omit<Props, 'open'>) {
  const { t } = useTranslation();
  const [alt, setAlt] = useState(initialAlt);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(alt.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor="image-alt">{t('files.altLabel')}</label>
        <input id="image-alt" type="text" autoFocus value={alt} maxLength={500} onChange={(event) => setAlt(event.target.value)} aria-describedby="image-alt-hint" />
        <p id="image-alt-hint" className="field-hint">
          {t('files.altHint')}
        </p>
      </div>
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onClose}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="button button-primary">
          {t('files.altApply')}
        </button>
      </div>
    </form>
  );
}
