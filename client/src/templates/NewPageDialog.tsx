/**
 * "Neue Seite": a blank page or one from a template of the gallery (global and the space's),
 * with the template's fields asked before the page is made. Fields left empty stay on the page
 * as visible placeholders; the server fills in date and author.
 */
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PAGE_TITLE_MAX_LENGTH } from '@stafette/api/limits';
import { PAGE_TEMPLATE_FIELD_VALUE_MAX_LENGTH, type PageTemplateSummary } from '@stafette/api';
import { pagesApi } from '../api/endpoints.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAsync } from '../ui/use-async.ts';
import { templatesApi } from './api.ts';
import './templates.css';

interface Props {
  spaceId: string;
  parentId?: string | null;
  open: boolean;
  onClose(): void;
  /** After the page exists (reload the tree); the dialog then opens the page. */
  onCreated(): Promise<void> | void;
}

export function NewPageDialog({ spaceId, parentId = null, open, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={t('templates.dialogTitle')} open={open} onClose={onClose}>
      {open && <NewPageForm spaceId={spaceId} parentId={parentId} onClose={onClose} onCreated={onCreated} />}
    </Dialog>
  );
}

function NewPageForm({ spaceId, parentId, onClose, onCreated }: Omit<Props, 'open'> & { parentId: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const templates = useAsync(() => templatesApi.list(spaceId), [spaceId]);
  const [choice, setChoice] = useState<string>('blank');
  const [title, setTitle] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const items = templates.status === 'done' ? templates.value.items : [];
  const chosen: PageTemplateSummary | undefined = items.find((i) => i.id === choice);

  // Another start: its fields are asked afresh, its name proposed as the title.
  const pick = (value: string) => {
    setChoice(value);
    setFields({});
    setTitle(items.find((i) => i.id === value)?.name ?? '');
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const clean = title.trim() || (chosen ? chosen.name : t('tree.untitled'));
      const page = await pagesApi.create({ spaceId, parentId, title: clean, ...(chosen ? { templateId: chosen.id, fields } : {}) });
      await onCreated();
      onClose();
      navigate(`/pages/${page.id}`, { state: { focusTitle: !chosen } });
    } catch (err) {
      setError(t('templates.createFailed', { reason: errorMessage(err, t) }));
      setBusy(false);
    }
  };

  const option = (value: string, label: string, hint: string) => (
    <li key={value}>
      <label className="template-option">
        <input type="radio" name={`${id}-start`} value={value} checked={choice === value} onChange={() => pick(value)} />
        <span>
          <strong>{label}</strong>
          {hint && <span className="muted"> – {hint}</span>}
        </span>
      </label>
    </li>
  );
  const global = items.filter((i) => i.scope === 'global');
  const own = items.filter((i) => i.scope === 'space');

  return (
    <form onSubmit={(event) => void submit(event)}>
      <fieldset className="field">
        <legend>{t('templates.startFrom')}</legend>
        <ul className="template-options">{option('blank', t('templates.blank'), t('templates.blankHint'))}</ul>
        {templates.status === 'loading' && <p className="muted">{t('templates.loadingTemplates')}</p>}
        {templates.status === 'error' && <p className="muted">{t('templates.templatesFailed')}</p>}
        {global.length > 0 && (
          <>
            <h3 className="template-group">{t('templates.globalGroup')}</h3>
            <ul className="template-options">{global.map((i) => option(i.id, i.name, i.description))}</ul>
          </>
        )}
        {own.length > 0 && (
          <>
            <h3 className="template-group">{t('templates.spaceGroup')}</h3>
            <ul className="template-options">{own.map((i) => option(i.id, i.name, i.description))}</ul>
          </>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('templates.pageTitle')}</label>
        <input id={`${id}-title`} type="text" value={title} maxLength={PAGE_TITLE_MAX_LENGTH} placeholder={t('tree.untitled')} onChange={(e) => setTitle(e.target.value)} />
      </div>
      {chosen && chosen.fields.length > 0 && (
        <fieldset className="field">
          <legend>{t('templates.fieldsLegend')}</legend>
          <p className="muted">{t('templates.fieldsHint')}</p>
          {chosen.fields.map((field, index) => (
            <div className="field" key={field.name}>
              <label htmlFor={`${id}-field-${index}`}>{field.name}</label>
              <input
                id={`${id}-field-${index}`}
                type="text"
                value={fields[field.name] ?? ''}
                maxLength={PAGE_TEMPLATE_FIELD_VALUE_MAX_LENGTH}
                aria-describedby={field.description ? `${id}-hint-${index}` : undefined}
                onChange={(e) => setFields((current) => ({ ...current, [field.name]: e.target.value }))}
              />
              {field.description && (
                <span id={`${id}-hint-${index}`} className="muted">
                  {field.description}
                </span>
              )}
            </div>
          ))}
        </fieldset>
      )}
      <DialogActions onCancel={onClose} submitLabel={t('templates.create')} busy={busy} error={error} />
    </form>
  );
}
