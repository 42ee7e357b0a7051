/**
 * The page header banner: the page's classification in words and colour, what it means, and for
 * editors a dialog to change it (raise it; owners may also lower it, never below what the page
 * inherits from its space and the pages above).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassificationKey, Page } from '@stafette/api';
import { problemType } from '../api/http.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { Notice } from '../ui/Notice.tsx';
import { invalidatePageIndex } from '../pages-index/page-index.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { classificationApi } from './api.ts';
import { classificationProblem } from './problems.ts';
import { rankOf, useClassificationScheme, useLevelLabel } from './use-scheme.ts';
import './classification.css';

export function ClassificationBanner({ page, onChanged }: { page: Page; onChanged(page: Page): void }) {
  const { t } = useTranslation();
  const labelOf = useLevelLabel();
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { reloadTree } = useWorkspace();
  const level = page.classification;
  const label = labelOf(level);
  return (
    <div className={`classification-banner classification-${level}`} role="note" aria-label={t('classification.banner', { label })} data-classification={level}>
      <p className="classification-text">
        <strong>{t('classification.banner', { label })}</strong>
        {page.ownClassification === null && <span className="visually-hidden"> ({t('classification.bannerInherited')})</span>}
      </p>
      <p className="classification-hint">{t(`classification.hints.${level}`)}</p>
      {page.permissions.canEdit && (
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('classification.change')}
        </button>
      )}
      <Dialog title={t('classification.changeTitle')} open={open} onClose={() => setOpen(false)}>
        {open && (
          <ClassifyPageForm
            page={page}
            onClose={() => setOpen(false)}
            onSaved={(updated) => {
              setOpen(false);
              setNotice(t('classification.saved', { label: labelOf(updated.classification) }));
              onChanged(updated);
              // The tree and the suggestions show levels too.
              invalidatePageIndex();
              void reloadTree();
            }}
          />
        )}
      </Dialog>
      <Notice message={notice} onDone={() => setNotice(null)} />
    </div>
  );
}

const INHERIT = '';

function ClassifyPageForm({ page, onClose, onSaved }: { page: Page; onClose(): void; onSaved(page: Page): void }) {
  const { t } = useTranslation();
  const scheme = useClassificationScheme();
  const labelOf = useLevelLabel();
  const [value, setValue] = useState<string>(page.ownClassification ?? INHERIT);
  const { busy, error, run } = useAction((caught) => classificationProblem(problemType(caught), t) ?? errorMessage(caught, t));
  const floor = rankOf(scheme, page.inheritedClassification);
  const current = rankOf(scheme, page.classification);
  // Editors raise; lowering below the current level is for owners (the server decides too).
  const mayLower = page.permissions.canManage;
  const effectiveRank = (key: string) => Math.max(floor, key === INHERIT ? floor : rankOf(scheme, key as ClassificationKey));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => onSaved(await classificationApi.classifyPage(page.id, value === INHERIT ? null : (value as ClassificationKey))));
  };
  return (
    <form onSubmit={submit} className="classification-form">
      <div className="field">
        <label htmlFor="page-classification">{t('classification.level')}</label>
        <select id="page-classification" value={value} onChange={(event) => setValue(event.target.value)} aria-describedby="page-classification-hint" autoFocus>
          <option value={INHERIT} disabled={!mayLower && effectiveRank(INHERIT) < current}>
            {t('classification.inherit', { label: labelOf(page.inheritedClassification) })}
          </option>
          {scheme.levels
            .filter((level) => level.rank >= floor)
            .map((level) => (
              <option key={level.key} value={level.key} disabled={!mayLower && level.rank < current}>
                {level.label}
              </option>
            ))}
        </select>
        <p id="page-classification-hint" className="muted">
          {t('classification.pageHint', { label: labelOf(page.inheritedClassification) })} {!mayLower && t('classification.lowerOnlyOwners')}
        </p>
      </div>
      <DialogActions onCancel={onClose} submitLabel={t('common.save')} busy={busy} error={error} />
    </form>
  );
}
