/** Builds a reading path: a title, then pages (found by search) and process steps, each with a note, in order. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadingPath, ReadingPathItemInputValue } from '@stafette/api';
import { READING_PATH_NOTE_MAX_LENGTH, READING_PATH_TITLE_MAX_LENGTH } from '@stafette/api/limits';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { useAction } from '../ui/use-action.ts';
import { StepPicker } from '../interviews/StepPicker.tsx';
import { processesApi } from '../processes/api.ts';
import { onboardingApi } from './api.ts';

interface Draft {
  key: string;
  label: string;
  item: ReadingPathItemInputValue;
}

export function CreatePathDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(path: ReadingPath): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [items, setItems] = useState<Draft[]>([]);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ pageId: string; title: string }[] | null>(null);
  const action = useAction();

  const add = (draft: Draft) => setItems((list) => (list.some((d) => d.key === draft.key) ? list : [...list, draft]));
  const setNote = (key: string, note: string) =>
    setItems((list) => list.map((d) => (d.key === key ? { ...d, item: { ...d.item, note } } : d)));
  const moveUp = (index: number) =>
    setItems((list) => (index === 0 ? list : [...list.slice(0, index - 1), list[index]!, list[index - 1]!, ...list.slice(index + 1)]));

  async function findPages(event: FormEvent) {
    event.preventDefault();
    if (!query.trim()) return;
    await action.run(async () => setFound((await onboardingApi.findPages(query.trim())).hits.map((h) => ({ pageId: h.pageId, title: h.title }))));
  }

  async function addStep(processId: string, elementId: string) {
    const process = await processesApi.get(processId);
    const step = process.steps.find((s) => s.elementId === elementId);
    add({ key: `step:${processId}/${elementId}`, label: `${step?.name ?? elementId} (${process.name})`, item: { processId, elementId } });
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (items.length === 0) return action.setError(t('onboarding.noItems'));
    // Empty notes are left out rather than sent as blanks.
    const payload = items.map(({ item }) => {
      const { note, ...rest } = item;
      return (note?.trim() ? { ...rest, note: note.trim() } : rest) as ReadingPathItemInputValue;
    });
    await action.run(async () => {
      const created = await onboardingApi.create({ title: title.trim(), items: payload });
      setTitle('');
      setItems([]);
      setFound(null);
      setQuery('');
      onCreated(created);
    });
  }

  return (
    <Dialog title={t('onboarding.createTitle')} open={open} onClose={onClose}>
      <div className="field">
        <label htmlFor="path-title">{t('onboarding.pathTitle')}</label>
        <input id="path-title" form="path-form" value={title} maxLength={READING_PATH_TITLE_MAX_LENGTH} required onChange={(e) => setTitle(e.target.value)} />
      </div>
      <form onSubmit={(e) => void findPages(e)} className="field" role="search">
        <label htmlFor="path-page-query">{t('onboarding.findPage')}</label>
        <div className="path-assign">
          <input id="path-page-query" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          <button type="submit" className="button button-secondary button-small">
            {t('onboarding.findPage')}
          </button>
        </div>
        {found && found.length === 0 && <p className="muted">{t('onboarding.noPageFound')}</p>}
        {found && found.length > 0 && (
          <ul className="page-finder-results">
            {found.map((hit) => (
              <li key={hit.pageId}>
                <button type="button" className="button button-secondary button-small" onClick={() => add({ key: `page:${hit.pageId}`, label: hit.title, item: { pageId: hit.pageId } })}>
                  {t('onboarding.addPage')}: {hit.title}
                </button>
              </li>
            ))}
          </ul>
        )}
      </form>
      <fieldset className="field">
        <legend>{t('onboarding.addStep')}</legend>
        <StepPicker idPrefix="path-step" onPick={addStep} actionLabel={t('onboarding.addStep')} />
      </fieldset>
      <form id="path-form" onSubmit={(e) => void submit(e)}>
        <h3>{t('onboarding.itemsHeading')}</h3>
        {items.length === 0 ? (
          <p className="muted">{t('onboarding.noItems')}</p>
        ) : (
          <ol className="path-items-edit">
            {items.map((draft, index) => (
              <li key={draft.key}>
                <div className="path-item-head">
                  <span>
                    <span className="reading-item-kind">{'pageId' in draft.item ? t('onboarding.kindPage') : t('onboarding.kindStep')}</span>
                    {draft.label}
                  </span>
                  <span>
                    {index > 0 && (
                      <button type="button" className="button button-secondary button-small" aria-label={t('onboarding.moveUp', { title: draft.label })} onClick={() => moveUp(index)}>
                        ↑
                      </button>
                    )}{' '}
                    <button type="button" className="button button-secondary button-small" aria-label={t('onboarding.remove', { title: draft.label })} onClick={() => setItems((list) => list.filter((d) => d.key !== draft.key))}>
                      ✕
                    </button>
                  </span>
                </div>
                <label className="visually-hidden" htmlFor={`note-${index}`}>
                  {t('onboarding.note', { title: draft.label })}
                </label>
                <input
                  id={`note-${index}`}
                  placeholder={t('onboarding.note', { title: draft.label })}
                  maxLength={READING_PATH_NOTE_MAX_LENGTH}
                  value={draft.item.note ?? ''}
                  onChange={(e) => setNote(draft.key, e.target.value)}
                />
              </li>
            ))}
          </ol>
        )}
        <DialogActions onCancel={onClose} submitLabel={t('onboarding.save')} busy={action.busy} error={action.error} />
      </form>
    </Dialog>
  );
}
