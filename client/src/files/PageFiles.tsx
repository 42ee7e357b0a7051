/**
 * The files of a page under its body: name (downloads), kind and size, and whether search
 * reads the file's text — with the reason when it does not (password, damage, size, a scan
 * without text). Reloaded when opened, and while a file's text is still being read.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@stafette/api';
import { api } from '../api/http.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { useAction } from '../ui/use-action.ts';
import { ATTACHMENT_UPLOADED, fileKind, formatSize } from './upload.ts';

const POLL_MS = 3000;
const TEXT_REASONS = ['encrypted', 'corrupt', 'too-large', 'empty', 'timeout', 'memory', 'error'] as const;

/** `canEdit`: editors may remove a file from the page (versions that show it keep it). */
export function PageFiles({ pageId, canEdit = false }: { pageId: string; canEdit?: boolean }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [files, setFiles] = useState<Attachment[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);
  const [removing, setRemoving] = useState<Attachment | null>(null);
  const remove = useAction();

  const load = useCallback(async () => {
    try {
      setFiles(await api.get<Attachment[]>(`/pages/${pageId}/attachments`));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [pageId]);

  useEffect(() => void load(), [load]);
  // Files uploaded in the editor appear here at once.
  useEffect(() => {
    const onUploaded = (event: Event) => {
      if ((event as CustomEvent<{ pageId: string }>).detail.pageId === pageId) void load();
    };
    window.addEventListener(ATTACHMENT_UPLOADED, onUploaded);
    return () => window.removeEventListener(ATTACHMENT_UPLOADED, onUploaded);
  }, [pageId, load]);
  const pending = files?.some((f) => f.textStatus === 'pending') ?? false;
  useEffect(() => {
    if (!open || !pending) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [open, pending, files, load]);

  if (failed && !files) return <p className="muted">{t(navigator.onLine ? 'files.pageFiles.loadFailed' : 'files.pageFiles.offline')}</p>;
  if (!files || files.length === 0) return null;
  const locale = i18n.language?.startsWith('en') ? 'en' : 'de';

  return (
    <details
      className="page-files"
      open={open}
      onToggle={(event) => {
        const nowOpen = (event.currentTarget as HTMLDetailsElement).open;
        setOpen(nowOpen);
        if (nowOpen) void load();
      }}
    >
      <summary id={headingId}>{t('files.pageFiles.title', { count: files.length })}</summary>
      <ul aria-labelledby={headingId} className="page-files-list">
        {files.map((file) => {
          const kind = fileKind(file.type);
          const size = formatSize(file.size, locale);
          return (
            <li key={file.id} className="page-file" data-attachment-id={file.id}>
              <a href={file.url} download={file.name} aria-label={t('files.download', { name: file.name, kind: t(`files.kind.${kind}`), size })}>
                {file.name}
              </a>
              <span className="page-file-meta">
                {t(`files.kind.${kind}`)} · {size}
              </span>
              <TextStatus file={file} />
              {canEdit && (
                <button type="button" className="button button-ghost page-file-remove" onClick={() => setRemoving(file)} aria-label={t('files.pageFiles.remove', { name: file.name })}>
                  {t('files.pageFiles.removeShort')}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {remove.error && (
        <p className="field-error" role="alert">
          {remove.error}
        </p>
      )}
      <ConfirmDialog
        title={t('files.pageFiles.removeTitle')}
        open={removing !== null}
        question={t('files.pageFiles.removeQuestion', { name: removing?.name ?? '' })}
        confirmLabel={t('files.pageFiles.removeShort')}
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          const target = removing;
          setRemoving(null);
          if (target && (await remove.run(() => api.delete(`/attachments/${target.id}`)))) await load();
        }}
      />
    </details>
  );
}

function TextStatus({ file }: { file: Attachment }) {
  const { t } = useTranslation();
  if (file.textStatus === 'ok') return <span className="page-file-text page-file-text-ok">{t('files.pageFiles.searchable')}</span>;
  if (file.textStatus === 'pending') return <span className="page-file-text">{t('files.pageFiles.pending')}</span>;
  const reason = TEXT_REASONS.find((r) => r === file.textReason);
  // Images, archives and other files without text say nothing about search.
  if (!reason) return null;
  return <span className="page-file-text page-file-text-skipped">{t('files.pageFiles.notSearchable', { reason: t(`files.pageFiles.reasons.${reason}`) })}</span>;
}
