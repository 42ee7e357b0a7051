/**
 * A page's versions: the list with author and time, one version viewed or compared with the
 * current page as a readable diff, restore (a new edit on top), and saving a labelled version.
 * The chosen version and view live in the address, so a comparison can be linked.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { docToHtml } from '@stafette/schema';
import { VERSION_LABEL_MAX_LENGTH } from '@stafette/api/limits';
import type { Diff, Page, VersionSummary } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { RoutedPage } from '../screens/RoutedPage.tsx';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Dialog } from '../ui/Dialog.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { SegmentedControl } from '../ui/SegmentedControl.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { versionsApi } from './api.ts';
import { DiffView } from './DiffView.tsx';
import './history.css';
import { FormError } from '../ui/FormError.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';

type ViewMode = 'view' | 'compare';

export function HistoryScreen() {
  return <RoutedPage>{(page) => <History page={page} />}</RoutedPage>;
}

function History({ page }: { page: Page }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const versions = useAsync(() => versionsApi.list(page.id), [page.id]);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const clearNotice = useCallback(() => setNotice(null), []);
  const selectedId = params.get('version');
  const mode: ViewMode = params.get('view') === 'view' ? 'view' : 'compare';
  const list = versions.status === 'done' ? versions.value : [];
  const selected = list.find((v) => v.id === selectedId) ?? null;

  useDocumentTitle(t('history.title', { title: page.title }));

  const select = (id: string, nextMode: ViewMode = mode) => setParams({ version: id, view: nextMode }, { replace: true });

  const describe = (v: VersionSummary) => {
    const kind = v.kind === 'manual' ? t('history.kindManual') : v.kind === 'restore' ? t('history.kindRestore') : t('history.kindAuto');
    return v.label ? `${v.label} · ${kind}` : kind;
  };

  return (
    <div className="content content-wide history">
      <header className="history-header">
        <div>
          <p className="history-back">
            <Link to={`/pages/${page.id}`}>← {t('history.backToPage')}</Link>
          </p>
          <h1>{t('history.title', { title: page.title })}</h1>
        </div>
        {page.permissions.canEdit && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
            {t('history.create')}
          </button>
        )}
      </header>
      <div className="history-layout">
        <section aria-labelledby="versions-heading" className="history-list">
          <h2 id="versions-heading">{t('history.list')}</h2>
          <Loaded state={versions} empty={t('history.empty')}>
            {(loaded) => (
              <ol className="version-list">
                {loaded.map((v) => {
                  const restoredFrom = v.restoredFrom ? loaded.find((other) => other.id === v.restoredFrom) : null;
                  return (
                    <li key={v.id}>
                      <button type="button" className="version-item" aria-current={v.id === selectedId ? 'true' : undefined} onClick={() => select(v.id)}>
                        <span className="version-title">
                          {t('history.number', { number: v.number })} · {describe(v)}
                        </span>
                        <span className="version-meta">
                          {t('history.byAt', { name: v.createdBy?.displayName ?? t('history.unknownAuthor'), when: format.dateTime(v.createdAt) })}
                          {restoredFrom ? ` · ${t('history.restoredFrom', { number: restoredFrom.number })}` : ''}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            )}
          </Loaded>
        </section>
        <section className="history-detail" aria-label={selected ? t('history.number', { number: selected.number }) : t('history.list')}>
          {selected ? (
            <VersionDetail
              key={`${selected.id}:${mode}`}
              page={page}
              version={selected}
              mode={mode}
              onMode={(next) => select(selected.id, next)}
              onRestored={(number) => {
                setNotice(t('history.restored', { number }));
                versions.reload();
              }}
            />
          ) : (
            <p className="muted">{t('history.pick')}</p>
          )}
        </section>
      </div>
      <CreateVersionDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreate={async (label) => {
          const created = await versionsApi.create(page.id, label);
          setCreating(false);
          setNotice(t('history.created', { number: created.number }));
          versions.reload();
          select(created.id, 'view');
        }}
      />
      <Notice message={notice} onDone={clearNotice} />
    </div>
  );
}

function VersionDetail({ page, version, mode, onMode, onRestored }: { page: Page; version: VersionSummary; mode: ViewMode; onMode(mode: ViewMode): void; onRestored(number: number): void }) {
  const { t } = useTranslation();
  const [confirm, setConfirm] = useState(false);
  const { error, run } = useAction();
  const content = useAsync<{ kind: 'view'; html: string } | { kind: 'diff'; diff: Diff }>(
    () => (mode === 'view' ? versionsApi.get(page.id, version.id).then((v) => ({ kind: 'view' as const, html: docToHtml(v.doc) })) : versionsApi.diffWithCurrent(page.id, version.id).then((diff: Diff) => ({ kind: 'diff' as const, diff }))),
    [page.id, version.id, mode],
  );

  const restore = () => {
    setConfirm(false);
    void run(async () => {
      await versionsApi.restore(page.id, version.id);
      onRestored(version.number);
    });
  };

  return (
    <>
      <div className="history-toolbar">
        <SegmentedControl
          label={t('history.viewMode')}
          options={[
            { value: 'compare', label: t('history.compare') },
            { value: 'view', label: t('history.view') },
          ]}
          value={mode}
          onChange={onMode}
        />
        {page.permissions.canEdit && (
          <button type="button" className="button button-secondary" onClick={() => setConfirm(true)}>
            {t('history.restore')}
          </button>
        )}
      </div>
      <FormError message={error} />
      <Loaded state={content}>
        {(shown) =>
          shown.kind === 'diff' ? (
            <DiffView diff={shown.diff} label={t('history.diffLabel', { number: version.number })} />
          ) : (
            // docToHtml sanitises: only the page schema's elements and safe link targets come out.
            <div className="page-content version-content" role="region" aria-label={t('history.contentLabel', { number: version.number })} dangerouslySetInnerHTML={{ __html: shown.html }} />
          )
        }
      </Loaded>
      <ConfirmDialog
        title={t('history.restoreTitle', { number: version.number })}
        open={confirm}
        question={t('history.restoreConfirm')}
        confirmLabel={t('history.restore')}
        tone="primary"
        onConfirm={restore}
        onCancel={() => setConfirm(false)}
      />
    </>
  );
}

function CreateVersionDialog({ open, onClose, onCreate }: { open: boolean; onClose(): void; onCreate(label: string | null): Promise<void> }) {
  const { t } = useTranslation();
  const id = useId();
  const [label, setLabel] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await onCreate(label.trim() || null);
      setLabel('');
    });
  };
  return (
    <Dialog title={t('history.createTitle')} open={open} onClose={onClose}>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>{t('history.label')}</label>
          <input id={id} type="text" value={label} maxLength={VERSION_LABEL_MAX_LENGTH} onChange={(event) => setLabel(event.target.value)} aria-describedby={`${id}-hint`} autoFocus />
          <p id={`${id}-hint`} className="field-hint">
            {t('history.labelHint')}
          </p>
        </div>
        <DialogActions onCancel={onClose} submitLabel={t('history.create')} busy={busy} error={error} />
      </form>
    </Dialog>
  );
}
