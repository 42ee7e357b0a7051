/** Create a space; the creator becomes its owner and lands on it. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { SPACE_DESCRIPTION_MAX_LENGTH, SPACE_NAME_MAX_LENGTH } from '@stafette/api/limits';
import { spacesApi } from '../api/endpoints.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { useWorkspace } from '../workspace/workspace.tsx';
import { useAction } from '../ui/use-action.ts';
import { DialogActions } from '../ui/DialogActions.tsx';

export function NewSpaceDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('space.newSpaceTitle')} open={open} onClose={onClose}>
      {open && <NewSpaceForm onClose={onClose} />}
    </Dialog>
  );
}

function NewSpaceForm({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { reloadSpaces } = useWorkspace();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    void run(async () => {
      const space = await spacesApi.create({ name: name.trim(), description: description.trim() || undefined });
      await reloadSpaces();
      onClose();
      navigate(`/spaces/${space.id}`);
    });
  };
  return (
    <form onSubmit={submit}>
      <div className="field">
        <label htmlFor="space-name">{t('space.name')}</label>
        <input id="space-name" required maxLength={SPACE_NAME_MAX_LENGTH} autoFocus value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="space-description">{t('space.description')}</label>
        <textarea id="space-description" rows={3} maxLength={SPACE_DESCRIPTION_MAX_LENGTH} value={description} onChange={(event) => setDescription(event.target.value)} />
      </div>
      <DialogActions onCancel={onClose} submitLabel={t('common.create')} busy={busy} error={error} />
    </form>
  );
}
