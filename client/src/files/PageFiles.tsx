/**
 * The files of a page under its body: name (downloads), kind and size, and whether search
 * reads the file's text — with the reason when it does not (password, damage, size, a scan
 * without text). Reloaded when opened, and while a file's text is still being read.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '@stafette/api';
import { api } from '../api/http.ts';
import { fileKind, formatSize } from './upload.ts';

const POLL_MS = 3000;
const TEXT_REASONS = ['encrypted', 'corrupt', 'too-large', 'empty', 'timeout', 'memory', 'error'] as const;

export function PageFiles({ pageId }: { pageId: string }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const [files, setFiles] = useState<Attachment[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState(false);

  const load = useCallback(async () => {
    try {
      setFiles(await api.get<Attachment[]>(`/pages/${pageId}/attachments`));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [pageId]);

  useEffect(() => void load(), [load]);
  const pending = files?.some((f) => f.textStatus === 'pending') ?? false;
  useEffect(() => {
    if (!open || !pending) return;
    const timer = setTimeout(() => void load(), POLL_MS);
    return () => clearTimeout(timer);
  }, [open, pending, files, load]);

  if (failed && !files) return <p className="muted">{t('files.pageFiles.loadFailed')}</p>;
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
            </li>
          );
        })}
      </ul>
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
