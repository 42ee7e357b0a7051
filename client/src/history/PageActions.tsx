/** The page's "more" menu: versions, export (Markdown, HTML, PDF, DOCX, ODT; the print formats also with the sub-pages), import below it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ExportFormat, Page } from '@stafette/api';
import { Menu, type MenuAction } from '../ui/Menu.tsx';
import { MoreIcon } from '../ui/MoreIcon.tsx';
import { exportUrl } from './api.ts';
import { ImportDialog } from './ImportDialog.tsx';
import './history.css';

function download(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

export function PageActions({ page }: { page: Page }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [importing, setImporting] = useState(false);
  const exportAs = (format: ExportFormat, subtree = false) => download(exportUrl(page.id, format, subtree));
  const canExport = page.permissions.canExport;
  const actions: MenuAction[] = [
    { id: 'history', label: t('history.history'), run: () => navigate(`/pages/${page.id}/history`) },
    // Confidential pages leave only through editors of the space (the server refuses others).
    { id: 'export-md', label: t('history.exportMarkdown'), run: () => exportAs('markdown'), disabled: !page.permissions.canExport },
    { id: 'export-html', label: t('history.exportHtml'), run: () => exportAs('html'), disabled: !canExport },
    { id: 'export-pdf', label: t('history.exportPdf'), run: () => exportAs('pdf'), disabled: !canExport },
    { id: 'export-docx', label: t('history.exportDocx'), run: () => exportAs('docx'), disabled: !canExport },
    { id: 'export-odt', label: t('history.exportOdt'), run: () => exportAs('odt'), disabled: !canExport },
    // One document with a table of contents; a confidential page below makes the server refuse it to readers.
    { id: 'export-subtree-pdf', label: t('history.exportSubtreePdf'), run: () => exportAs('pdf', true), disabled: !canExport },
    { id: 'export-subtree-docx', label: t('history.exportSubtreeDocx'), run: () => exportAs('docx', true), disabled: !canExport },
    { id: 'export-subtree-odt', label: t('history.exportSubtreeOdt'), run: () => exportAs('odt', true), disabled: !canExport },
    { id: 'import', label: t('history.importChild'), run: () => setImporting(true), disabled: !page.permissions.canEdit },
  ];
  return (
    <>
      <Menu label={t('history.pageActions')} actions={actions} className="page-actions">
        <MoreIcon />
      </Menu>
      <ImportDialog open={importing} onClose={() => setImporting(false)} spaceId={page.spaceId} spaceName={page.space.name} parent={{ id: page.id, title: page.title }} />
    </>
  );
}
