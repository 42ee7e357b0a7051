/**
 * "Paket importieren" on a space's process list (owners): the picked `.stafette.zip` is checked
 * by a dry run first; the dialog shows what would be created or updated, what the source left
 * out and what conflicts; the new pages go to the top level of the space or under a page chosen
 * there; only "Importieren" writes. Afterwards the process opens.
 */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PackagePreview, TreeNode } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { ApiError } from '../api/http.ts';
import { useFormat } from '../i18n/format.ts';
import { processPath } from '../processes/paths.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { FormError } from '../ui/FormError.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { packagesApi } from './api.ts';

export function PackageImport({ spaceId }: { spaceId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const fileRef = useRef<HTMLInputElement>(null);
  const [picked, setPicked] = useState<{ file: File; preview: PackagePreview; pages: { id: string; title: string; depth: number }[] } | null>(null);
  const [parentId, setParentId] = useState('');
  const parentSelect = useId();
  const failure = (caught: unknown) => {
    // Refused packages (413, 422, 409) carry a sentence saying what is wrong with them.
    const reason = caught instanceof ApiError && caught.status < 500 ? caught.problem.detail || caught.problem.title || caught.message : errorMessage(caught, t);
    return t('packages.failed', { reason });
  };
  const reading = useAction(failure);
  const importing = useAction(failure);

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    void reading.run(async () => {
      const [preview, tree] = await Promise.all([packagesApi.preview(spaceId, file), spacesApi.tree(spaceId)]);
      setParentId('');
      setPicked({ file, preview, pages: flatten(tree) });
    });
  };
  const confirm = () => {
    if (!picked) return;
    void importing.run(async () => {
      const result = await packagesApi.import(spaceId, picked.file, parentId || null);
      setPicked(null);
      navigate(processPath(result.process.id));
    });
  };

  const preview = picked?.preview;
  const blocked = preview?.conflicts.some((c) => c.kind === 'not-newer') ?? false;
  return (
    <>
      <input ref={fileRef} type="file" accept=".zip,application/zip" className="visually-hidden" tabIndex={-1} aria-hidden="true" onChange={pick} data-testid="package-file-input" />
      <button type="button" className="button button-secondary" disabled={reading.busy} onClick={() => fileRef.current?.click()}>
        {reading.busy ? t('packages.reading') : t('packages.importButton')}
      </button>
      <FormError message={reading.error} />
      <Dialog title={t('packages.previewTitle')} open={preview !== undefined} onClose={() => setPicked(null)}>
        {preview && (
          <div className="package-preview">
            <p>{t('packages.source', { name: preview.source.name || preview.source.instance, instance: preview.source.instance, date: format.date(preview.source.exportedAt) })}</p>
            <p>
              {preview.action === 'update'
                ? t('packages.actionUpdate', { name: preview.process.name, version: preview.process.version })
                : t('packages.actionCreate', { name: preview.process.name, version: preview.process.version, steps: preview.process.steps })}
            </p>
            <h3>{t('packages.pagesHeading')}</h3>
            {preview.pages.length === 0 ? (
              <p>{t('packages.noPages')}</p>
            ) : (
              <ul>
                {preview.pages.map((page, i) => (
                  <li key={i}>
                    {page.title} – {page.action === 'keep' ? t('packages.pageKeep') : t('packages.pageCreate')}
                  </li>
                ))}
              </ul>
            )}
            {preview.pages.some((page) => page.action === 'create') && (
              <div className="field">
                <label htmlFor={parentSelect}>{t('packages.parentLabel')}</label>
                <select id={parentSelect} value={parentId} onChange={(event) => setParentId(event.target.value)}>
                  <option value="">{t('packages.parentTop')}</option>
                  {picked.pages.map((page) => (
                    <option key={page.id} value={page.id}>
                      {'\u2003'.repeat(page.depth)}
                      {page.title}
                    </option>
                  ))}
                </select>
              </div>
            )}
            <h3>{t('packages.linksHeading')}</h3>
            <p>{t('packages.linksSummary', { count: preview.links.length })}</p>
            <h3>{t('packages.filesHeading')}</h3>
            <ul>
              {preview.files.map((file) => (
                <li key={file.path}>
                  {file.path} ({format.number(file.bytes)} B)
                </li>
              ))}
            </ul>
            {preview.leftOut.length > 0 && (
              <>
                <h3>{t('packages.leftOutHeading')}</h3>
                <ul>
                  {preview.leftOut.map((item, i) => (
                    <li key={i}>
                      {item.title ? `${item.title}: ` : ''}
                      {item.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {preview.conflicts.length > 0 && (
              <>
                <h3>{t('packages.conflictsHeading')}</h3>
                <ul>
                  {preview.conflicts.map((conflict, i) => (
                    <li key={i}>{conflict.message}</li>
                  ))}
                </ul>
              </>
            )}
            {blocked && <p role="alert">{t('packages.blocked')}</p>}
            <FormError message={importing.error} />
            <div className="dialog-actions">
              <button type="button" className="button button-secondary" onClick={() => setPicked(null)}>
                {t('packages.cancel')}
              </button>
              <button type="button" className="button" disabled={importing.busy || blocked} onClick={confirm}>
                {importing.busy ? t('packages.importing') : t('packages.confirm')}
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </>
  );
}

/** The space's pages in tree order, with their depth for the indentation in the list. */
function flatten(tree: TreeNode[], depth = 0): { id: string; title: string; depth: number }[] {
  return tree.flatMap((node) => [{ id: node.id, title: node.title, depth }, ...flatten(node.children as TreeNode[], depth + 1)]);
}
