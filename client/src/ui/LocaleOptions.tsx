/** The options of a language select: every supported locale, named in the current language and tagged with its own. */
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../i18n/index.ts';

export function LocaleOptions() {
  const { t } = useTranslation();
  return (
    <>
      {LOCALES.map((option) => (
        <option key={option} value={option} lang={option}>
          {t(`languages.${option}`)}
        </option>
      ))}
    </>
  );
}
