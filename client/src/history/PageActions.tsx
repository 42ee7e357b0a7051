/** The page's "more" menu: versions, export (Markdown, HTML, PDF, DOCX, ODT; the print formats also with the sub-pages), import below it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ExportFormat, Page } from '@stafette/api';
import { downloadBlob } from '../ui/download.ts';
import { Menu, type MenuAction } from '../ui/Menu.tsx';
import { MoreIcon } from '../ui/MoreIcon.tsx';
import { exportUrl } from './api.ts';
import { ImportDialog } from './ImportDialog.tsx';
import './history.css';

/** The file name the server gave (RFC 6266/8187 `filename*`, else `filename`). */
function fileNameOf(disposition: string | null): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // Falls through to the ASCII name.
    }
  }
  return /filename="([^"]*)"/i.exec(disposition ?? '')?.[1] ?? '';
}

/** Why the server refused an export, in the user's language (the problem types are stable). */
const EXPORT_PROBLEMS: Record<string, string> = {
  'urn:stafette:problem:classification-export-denied': 'history.exportDenied',
  'urn:stafette:problem:export-too-large': 'history.exportTooLarge',
  'urn:stafette:problem:export-unavailable': 'history.exportUnavailable',
};

export function PageActions({ page }: { page: Page }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [importing, setImporting] = useState(false);
  const [exportState, setExportState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  // Fetched first, so a refusal (a confidential page below, too large, printer busy) is said here
  // instead of being saved as a file; the print formats take seconds, so progress is announced.
  const exportAs = async (format: ExportFormat, subtree = false) => {
    setExportState({ busy: true, error: null });
    try {
      const res = await fetch(exportUrl(page.id, format, subtree), { credentials: 'same-origin' });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { type?: string } | null;
        setExportState({ busy: false, error: t(EXPORT_PROBLEMS[problem?.type ?? ''] ?? 'common.errorGeneric') });
        return;
      }
      downloadBlob(await res.blob(), fileNameOf(res.headers.get('content-disposition')));
      setExportState({ busy: false, error: null });
    } catch {
      setExportState({ busy: false, error: t('common.errorNetwork') });
    }
  };
  const canExport = page.permissions.canExport && !exportState.busy;
  const actions: MenuAction[] = [
    { id: 'history', label: t('history.history'), run: () => navigate(`/pages/${page.id}/history`) },
    // Confidential pages leave only through editors of the space (the server refuses others).
    { id: 'export-md', label: t('history.exportMarkdown'), run: () => void exportAs('markdown'), disabled: !canExport },
    { id: 'export-html', label: t('history.exportHtml'), run: () => void exportAs('html'), disabled: !canExport },
    { id: 'export-pdf', label: t('history.exportPdf'), run: () => void exportAs('pdf'), disabled: !canExport },
    { id: 'export-docx', label: t('history.exportDocx'), run: () => void exportAs('docx'), disabled: !canExport },
    { id: 'export-odt', label: t('history.exportOdt'), run: () => void exportAs('odt'), disabled: !canExport },
    // One document with a table of contents; a confidential page below makes the server refuse it to readers.
    { id: 'export-subtree-pdf', label: t('history.exportSubtreePdf'), run: () => void exportAs('pdf', true), disabled: !canExport },
    { id: 'export-subtree-docx', label: t('history.exportSubtreeDocx'), run: () => void exportAs('docx', true), disabled: !canExport },
    { id: 'export-subtree-odt', label: t('history.exportSubtreeOdt'), run: () => void exportAs('odt', true), disabled: !canExport },
    { id: 'import', label: t('history.importChild'), run: () => setImporting(true), disabled: !page.permissions.canEdit },
  ];
  return (
    <>
      <Menu label={t('history.pageActions')} actions={actions} className="page-actions">
        <MoreIcon />
      </Menu>
      <p className="page-export-status" role="status">
        {exportState.busy ? t('history.exportRunning') : ''}
      </p>
      {exportState.error && (
        <p className="page-export-error" role="alert">
          {exportState.error}
        </p>
      )}
      <ImportDialog open={importing} onClose={() => setImporting(false)} spaceId={page.spaceId} spaceName={page.space.name} parent={{ id: page.id, title: page.title }} />
    </>
  );
}
