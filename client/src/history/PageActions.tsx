/** The page's "more" menu: versions, export as Markdown or HTML, import Markdown below it. */
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
  const exportAs = (format: ExportFormat) => download(exportUrl(page.id, format));
  const actions: MenuAction[] = [
    { id: 'history', label: t('history.history'), run: () => navigate(`/pages/${page.id}/history`) },
    // Confidential pages leave only through editors of the space (the server refuses others).
    { id: 'export-md', label: t('history.exportMarkdown'), run: () => exportAs('markdown'), disabled: !page.permissions.canExport },
    { id: 'export-html', label: t('history.exportHtml'), run: () => exportAs('html'), disabled: !page.permissions.canExport },
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
