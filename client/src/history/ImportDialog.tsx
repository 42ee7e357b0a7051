/** Imports Markdown, Word (.docx) and LibreOffice (.odt) files as new pages of a space (under a parent page or at the top level). */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Dialog } from '../ui/Dialog.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { importApi, isOfficeDocument } from './api.ts';
import { titleAndBody } from './markdown-file.ts';
import { DialogActions } from '../ui/DialogActions.tsx';

interface Props {
  open: boolean;
  onClose(): void;
  spaceId: string;
  spaceName: string;
  parent: { id: string; title: string } | null;
}

export function ImportDialog({ open, onClose, spaceId, spaceName, parent }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { reloadTree } = useWorkspace();
  const inputId = useId();
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const close = () => {
    setFiles([]);
    setErrors([]);
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (files.length === 0) {
      setErrors([t('history.importNoFiles')]);
      return;
    }
    setBusy(true);
    const failed: string[] = [];
    const created: string[] = [];
    // One after another: sibling order follows the order of the files.
    for (const file of files) {
      try {
        const parentId = parent?.id ?? null;
        const page = isOfficeDocument(file.name)
          ? await importApi.document({ spaceId, parentId, file })
          : await importApi.markdown({ spaceId, parentId, ...titleAndBody(file.name, await file.text()) });
        created.push(page.id);
      } catch (error) {
        failed.push(t('history.importFailed', { name: file.name, reason: errorMessage(error, t) }));
      }
    }
    setBusy(false);
    await reloadTree();
    setErrors(failed);
    if (failed.length === 0 && created.length > 0) {
      close();
      navigate(`/pages/${created[0]}`);
    }
  };

  return (
    <Dialog title={t('history.importTitle')} open={open} onClose={close}>
      <form onSubmit={(event) => void submit(event)}>
        <p>{t('history.importIntro')}</p>
        <p className="muted">{parent ? t('history.importInto', { title: parent.title }) : t('history.importTop', { space: spaceName })}</p>
        <div className="field">
          <label htmlFor={inputId}>{t('history.importFiles')}</label>
          <input
            id={inputId}
            type="file"
            multiple
            accept=".md,.markdown,.txt,.docx,.odt,text/markdown,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.oasis.opendocument.text"
            onChange={(event) => setFiles(Array.from(event.target.files ?? []))}
            aria-describedby={errors.length ? `${inputId}-errors` : undefined}
          />
        </div>
        {errors.length > 0 && (
          <ul id={`${inputId}-errors`} className="form-error" role="alert">
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        )}
        <DialogActions onCancel={close} submitLabel={busy ? t('history.importing') : t('history.importSubmit')} busy={busy} />
      </form>
    </Dialog>
  );
}
