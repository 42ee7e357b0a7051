/** Administration: the public portal's settings — the municipality it speaks for, its imprint, the open-data licence — and the export level of process packages. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CLASSIFICATION_KEYS, type ClassificationKey, PUBLISHING_LICENCE_MAX_LENGTH, PUBLISHING_MUNICIPALITY_MAX_LENGTH, PUBLISHING_URL_MAX_LENGTH } from '@stafette/api';
import { useLevelLabel } from '../classification/use-scheme.ts';
import { FormError } from '../ui/FormError.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useAction } from '../ui/use-action.ts';
import { publishingApi } from './api.ts';

export function PublishingAdmin() {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState(false);
  const [municipalityName, setMunicipalityName] = useState('');
  const [imprintUrl, setImprintUrl] = useState('');
  const [licence, setLicence] = useState('');
  const [packageMaxLevel, setPackageMaxLevel] = useState<ClassificationKey>('intern');
  const levelLabel = useLevelLabel();
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run } = useAction();

  useEffect(() => {
    void run(async () => {
      const settings = await publishingApi.settings();
      setMunicipalityName(settings.municipalityName);
      setImprintUrl(settings.imprintUrl ?? '');
      setLicence(settings.licence);
      setPackageMaxLevel(settings.packageMaxLevel);
      setLoaded(true);
    });
    // Loaded once when the tab opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await publishingApi.updateSettings({ municipalityName: municipalityName.trim(), imprintUrl: imprintUrl.trim() || null, licence: licence.trim(), packageMaxLevel });
      setNotice(t('publishing.admin.saved'));
    });
  };

  return (
    <section aria-labelledby="publishing-admin-title">
      <h1 id="publishing-admin-title">{t('publishing.admin.title')}</h1>
      <p>
        {t('publishing.admin.intro')} <a href="/public">{t('publishing.admin.open')}</a>
      </p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="publishing-municipality">{t('publishing.admin.municipality')}</label>
          <input id="publishing-municipality" maxLength={PUBLISHING_MUNICIPALITY_MAX_LENGTH} value={municipalityName} disabled={!loaded} onChange={(e) => setMunicipalityName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="publishing-imprint">{t('publishing.admin.imprint')}</label>
          <input id="publishing-imprint" type="url" pattern="https?://\S+" maxLength={PUBLISHING_URL_MAX_LENGTH} value={imprintUrl} disabled={!loaded} onChange={(e) => setImprintUrl(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="publishing-licence">{t('publishing.admin.licence')}</label>
          <input id="publishing-licence" required pattern="\S+" maxLength={PUBLISHING_LICENCE_MAX_LENGTH} aria-describedby="publishing-licence-hint" value={licence} disabled={!loaded} onChange={(e) => setLicence(e.target.value)} />
          <p id="publishing-licence-hint" className="field-hint">
            {t('publishing.admin.licenceHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="publishing-package-level">{t('publishing.admin.packageLevel')}</label>
          <select
            id="publishing-package-level"
            aria-describedby="publishing-package-level-hint"
            value={packageMaxLevel}
            disabled={!loaded}
            onChange={(e) => setPackageMaxLevel(e.target.value as ClassificationKey)}
          >
            {CLASSIFICATION_KEYS.map((key) => (
              <option key={key} value={key}>
                {levelLabel(key)}
              </option>
            ))}
          </select>
          <p id="publishing-package-level-hint" className="field-hint">
            {t('publishing.admin.packageLevelHint')}
          </p>
        </div>
        <FormError message={error} />
        <button type="submit" className="button button-primary" disabled={busy || !loaded}>
          {t('common.save')}
        </button>
      </form>
      <Notice message={notice} onDone={() => setNotice(null)} />
    </section>
  );
}
