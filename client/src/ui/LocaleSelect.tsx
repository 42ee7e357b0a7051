/** A language select: every supported locale, named in the current language and tagged with its own. */
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../i18n/index.ts';

export function LocaleSelect({ id, value, onChange }: { id?: string; value: Locale; onChange(locale: Locale): void }) {
  const { t } = useTranslation();
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value as Locale)}>
      {LOCALES.map((option) => (
        <option key={option} value={option} lang={option}>
          {t(`languages.${option}`)}
        </option>
      ))}
    </select>
  );
}
