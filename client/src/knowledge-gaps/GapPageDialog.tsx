/** "Seite anlegen" for a knowledge gap: the space to write it in and who writes it. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { gapsApi } from './api.ts';

export function GapPageDialog({ query, onClose, onCreated }: { query: string | null; onClose(): void; onCreated(page: { pageId: string; title: string }): void }) {
  const { t } = useTranslation();
  const { spaces } = useWorkspace();
  const writable = (spaces ?? []).filter((s) => s.permissions.canCreatePages && !s.archived);
  const users = useAsync(() => (query ? gapsApi.users() : Promise.resolve([])), [query !== null]);
  const [spaceId, setSpaceId] = useState('');
  const [responsibleId, setResponsibleId] = useState('');
  const action = useAction();
  const chosenSpace = spaceId || writable[0]?.id || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!query || !chosenSpace) return;
    await action.run(async () => {
      const page = await gapsApi.createPage({ query, spaceId: chosenSpace, ...(responsibleId ? { responsibleId } : {}) });
      setResponsibleId('');
      onCreated(page);
    });
  }

  return (
    <Dialog title={t('gaps.dialogTitle', { query: query ?? '' })} open={query !== null} onClose={onClose}>
      {writable.length === 0 ? (
        <p>{t('gaps.noSpaces')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor="gap-space">{t('gaps.space')}</label>
            <select id="gap-space" value={chosenSpace} onChange={(e) => setSpaceId(e.target.value)} required>
              {writable.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="gap-responsible">{t('gaps.responsible')}</label>
            <select id="gap-responsible" value={responsibleId} onChange={(e) => setResponsibleId(e.target.value)}>
              <option value="">{t('gaps.nobody')}</option>
              {users.status === 'done' &&
                users.value
                  .filter((u) => u.active)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.displayName}
                    </option>
                  ))}
            </select>
          </div>
          <DialogActions onCancel={onClose} submitLabel={t('gaps.create')} busy={action.busy} error={action.error} />
        </form>
      )}
    </Dialog>
  );
}
