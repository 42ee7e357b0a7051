/**
 * A space's classification on the space screen: its level in words and colour, and for owners a
 * dialog to change it. Pages inherit it; pages raised above it keep their own level.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassificationKey, Space } from '@stafette/api';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { classificationApi } from './api.ts';
import { useClassificationScheme, useLevelLabel } from './use-scheme.ts';
import './classification.css';

export function SpaceClassification({ space, onChanged }: { space: Space; onChanged(space: Space): void }) {
  const { t } = useTranslation();
  const labelOf = useLevelLabel();
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const label = labelOf(space.classification);
  return (
    <div className={`classification-banner classification-${space.classification}`} role="note" aria-label={t('classification.spaceCurrent', { label })} data-classification={space.classification}>
      <p className="classification-text">
        <strong>{t('classification.spaceCurrent', { label })}</strong>
      </p>
      <p className="classification-hint">{t(`classification.hints.${space.classification}`)}</p>
      {space.permissions.canManage && (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('classification.spaceChange')}
        </button>
      )}
      <Dialog title={t('classification.spaceTitle')} open={open} onClose={() => setOpen(false)}>
        {open && (
          <SpaceClassificationForm
            space={space}
            onClose={() => setOpen(false)}
            onSaved={(updated) => {
              setOpen(false);
              setNotice(t('classification.saved', { label: labelOf(updated.classification) }));
              onChanged(updated);
            }}
          />
        )}
      </Dialog>
      <Notice message={notice} onDone={() => setNotice(null)} />
    </div>
  );
}

function SpaceClassificationForm({ space, onClose, onSaved }: { space: Space; onClose(): void; onSaved(space: Space): void }) {
  const { t } = useTranslation();
  const scheme = useClassificationScheme();
  const [value, setValue] = useState<ClassificationKey>(space.classification);
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => onSaved(await classificationApi.classifySpace(space.id, value)));
  };
  return (
    <form onSubmit={submit} className="classification-form">
      <div className="field">
        <label htmlFor="space-classification">{t('classification.level')}</label>
        <select id="space-classification" value={value} onChange={(event) => setValue(event.target.value as ClassificationKey)} aria-describedby="space-classification-hint" autoFocus>
          {scheme.levels.map((level) => (
            <option key={level.key} value={level.key}>
              {level.label}
            </option>
          ))}
        </select>
        <p id="space-classification-hint" className="muted">
          {t('classification.spaceHint')}
        </p>
      </div>
      <DialogActions onCancel={onClose} submitLabel={t('common.save')} busy={busy} error={error} />
    </form>
  );
}
