/** Administration: the names of the classification levels and the level new spaces start with. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassificationKey, ClassificationScheme } from '@stafette/api';
import { CLASSIFICATION_LABEL_MAX_LENGTH } from '@stafette/api/limits';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { classificationApi } from './api.ts';
import { setScheme } from './use-scheme.ts';
import './classification.css';

export function ClassificationAdmin() {
  const { t } = useTranslation();
  // The form opens on the stored scheme, not the shipped labels: a scheme that arrived after
  // the administrator had started typing would otherwise overwrite what they typed.
  const stored = useAsync(classificationApi.scheme, []);
  return (
    <section aria-labelledby="classification-admin-title" className="classification-admin">
      <h1 id="classification-admin-title">{t('classification.admin.title')}</h1>
      <p>{t('classification.admin.intro')}</p>
      <Loaded state={stored}>{(scheme) => <SchemeForm scheme={scheme} />}</Loaded>
    </section>
  );
}

function SchemeForm({ scheme }: { scheme: ClassificationScheme }) {
  const { t } = useTranslation();
  const [labels, setLabels] = useState<Record<ClassificationKey, string>>(() => labelsOf(scheme));
  const [defaultLevel, setDefaultLevel] = useState<ClassificationKey>(scheme.defaultLevel);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (Object.values(labels).some((label) => !label.trim())) {
      setError(t('classification.admin.labelRequired'));
      return;
    }
    void run(async () => {
      const trimmed = Object.fromEntries(Object.entries(labels).map(([key, label]) => [key, label.trim()])) as Record<ClassificationKey, string>;
      setScheme(await classificationApi.updateScheme({ labels: trimmed, defaultLevel }));
      setNotice(t('classification.admin.saved'));
    });
  };

  return (
    <>
      <form onSubmit={submit} className="classification-form">
        <fieldset>
          {scheme.levels.map((level) => (
            <div className="field" key={level.key}>
              <label htmlFor={`classification-label-${level.key}`}>{t('classification.admin.label', { key: level.key })}</label>
              <span className={`classification-badge classification-${level.key}`} aria-hidden="true">
                {labels[level.key] || level.key}
              </span>
              <input
                id={`classification-label-${level.key}`}
                required
                maxLength={CLASSIFICATION_LABEL_MAX_LENGTH}
                value={labels[level.key]}
                onChange={(event) => setLabels({ ...labels, [level.key]: event.target.value })}
              />
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="classification-default">{t('classification.admin.default')}</label>
          <select id="classification-default" value={defaultLevel} onChange={(event) => setDefaultLevel(event.target.value as ClassificationKey)}>
            {scheme.levels.map((level) => (
              <option key={level.key} value={level.key}>
                {labels[level.key] || level.label}
              </option>
            ))}
          </select>
        </div>
        <FormError message={error} />
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('common.save')}
        </button>
      </form>
      <Notice message={notice} onDone={() => setNotice(null)} />
    </>
  );
}

function labelsOf(scheme: ClassificationScheme): Record<ClassificationKey, string> {
  return Object.fromEntries(scheme.levels.map((level) => [level.key, level.label])) as Record<ClassificationKey, string>;
}
