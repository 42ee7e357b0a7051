/**
 * The template gallery of a space (`/spaces/:spaceId/templates`): the global templates and the
 * space's own. Who may keep a template (knowledge managers and administrators the global ones,
 * owners the space's) changes or deletes it here and adds new ones; the body is written in the
 * page editor (TemplateBodyEditor) with `{{Feld}}` placeholders.
 */
import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { PageTemplate, PageTemplateSummary } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { api } from '../api/http.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { errorMessage } from '../ui/errors.ts';
import { ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useUser } from '../session/session.tsx';
import { templatesApi } from './api.ts';
import { TemplateBodyEditor } from './TemplateBodyEditor.tsx';
import './templates.css';

type Editing = { mode: 'new'; scope: 'global' | 'space' } | { mode: 'edit'; template: PageTemplate };

export function TemplatesScreen() {
  const { t } = useTranslation();
  const { spaceId = '' } = useParams();
  const user = useUser();
  const space = useAsync(() => spacesApi.get(spaceId), [spaceId]);
  const list = useAsync(() => templatesApi.list(spaceId), [spaceId]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<PageTemplateSummary | null>(null);
  useDocumentTitle(space.status === 'done' ? t('templates.galleryTitle', { space: space.value.name }) : null);

  if (space.status !== 'done') return <ScreenPending state={space} />;
  if (list.status !== 'done') return <ScreenPending state={list} />;
  const items = list.value.items;
  const mayGlobal = user.role === 'admin' || user.role === 'knowledge_manager';
  const maySpace = space.value.permissions.canManage;

  const open = async (item: PageTemplateSummary) => setEditing({ mode: 'edit', template: await templatesApi.get(item.id) });
  const group = (scope: 'global' | 'space', title: string, mayAdd: boolean) => (
    <section aria-labelledby={`templates-${scope}`}>
      <h2 id={`templates-${scope}`}>{title}</h2>
      <ul className="template-list">
        {items
          .filter((i) => i.scope === scope)
          .map((item) => (
            <li key={item.id}>
              <div>
                <strong>{item.name}</strong>
                {item.description && <p className="muted">{item.description}</p>}
                {item.fields.length > 0 && <p className="field-hint">{t('templates.fieldList', { fields: item.fields.map((f) => f.name).join(', ') })}</p>}
              </div>
              {item.canManage && (
                <span className="template-actions">
                  <button type="button" className="button button-secondary button-small" aria-label={t('templates.editLabel', { name: item.name })} onClick={() => void open(item)}>
                    {t('templates.edit')}
                  </button>
                  <button type="button" className="button button-ghost button-small" aria-label={t('templates.deleteLabel', { name: item.name })} onClick={() => setDeleting(item)}>
                    {t('templates.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
      </ul>
      {mayAdd && (
        <button type="button" className="button button-secondary" onClick={() => setEditing({ mode: 'new', scope })}>
          {scope === 'global' ? t('templates.newGlobal') : t('templates.newSpace')}
        </button>
      )}
    </section>
  );

  return (
    <div className="content">
      <p>
        <Link to={`/spaces/${spaceId}`}>{t('templates.backToSpace')}</Link>
      </p>
      <h1>{t('templates.galleryTitle', { space: space.value.name })}</h1>
      <p>{t('templates.galleryIntro')}</p>
      {group('global', t('templates.globalGroup'), mayGlobal)}
      {group('space', t('templates.spaceGroup'), maySpace)}
      <TemplateDialog
        editing={editing}
        spaceId={spaceId}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t('templates.deleteTitle', { name: deleting?.name ?? '' })}
        question={t('templates.deleteMessage')}
        confirmLabel={t('templates.delete')}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const target = deleting;
          setDeleting(null);
          if (target) void api.delete(`/templates/${target.id}`).then(list.reload, list.reload);
        }}
      />
    </div>
  );
}

function TemplateDialog({ editing, spaceId, onClose, onSaved }: { editing: Editing | null; spaceId: string; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  return (
    <Dialog title={editing?.mode === 'edit' ? t('templates.editTitle', { name: editing.template.name }) : t('templates.newTitle')} open={editing !== null} onClose={onClose}>
      {editing && <TemplateForm key={editing.mode === 'edit' ? editing.template.id : editing.scope} editing={editing} spaceId={spaceId} onClose={onClose} onSaved={onSaved} />}
    </Dialog>
  );
}

/** Fields as lines "Name: Hinweis", the way people list them. */
const fieldsToText = (fields: PageTemplate['fields']) => fields.map((f) => (f.description ? `${f.name}: ${f.description}` : f.name)).join('\n');
const textToFields = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const colon = line.indexOf(':');
      return colon < 0 ? { name: line, description: '' } : { name: line.slice(0, colon).trim(), description: line.slice(colon + 1).trim() };
    });

function TemplateForm({ editing, spaceId, onClose, onSaved }: { editing: Editing; spaceId: string; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const start = editing.mode === 'edit' ? editing.template : null;
  const [name, setName] = useState(start?.name ?? '');
  const [description, setDescription] = useState(start?.description ?? '');
  const [fields, setFields] = useState(start ? fieldsToText(start.fields) : '');
  const [initialBody] = useState(start?.body ?? '# {{Thema}}\n\nStand: {{datum}} · {{autor}}\n');
  const [body, setBody] = useState(initialBody);
  const onBody = useCallback((markdown: string) => setBody(markdown), []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const input = { name: name.trim(), description, fields: textToFields(fields), body };
    try {
      if (editing.mode === 'edit') await api.patch(`/templates/${editing.template.id}`, input);
      else await api.post('/templates', { ...input, ...(editing.scope === 'space' ? { spaceId } : {}) });
      onSaved();
    } catch (err) {
      setError(errorMessage(err, t));
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor="template-name">{t('templates.name')}</label>
        <input id="template-name" value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="template-description">{t('templates.description')}</label>
        <input id="template-description" value={description} maxLength={1000} onChange={(e) => setDescription(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="template-fields">{t('templates.fields')}</label>
        <textarea id="template-fields" rows={4} value={fields} aria-describedby="template-fields-hint" onChange={(e) => setFields(e.target.value)} />
        <p id="template-fields-hint" className="field-hint">
          {t('templates.fieldsEditHint')}
        </p>
      </div>
      <div className="field">
        <span className="field-label" id="template-body-label">
          {t('templates.body')}
        </span>
        <TemplateBodyEditor markdown={initialBody} name={name || t('templates.newTitle')} onChange={onBody} />
        <p id="template-body-hint" className="field-hint">
          {t('templates.bodyHint')}
        </p>
      </div>
      <DialogActions onCancel={onClose} submitLabel={t('templates.save')} busy={busy} error={error} />
    </form>
  );
}
