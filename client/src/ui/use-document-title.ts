/** Names the browser tab after the screen ("<title> – Stafette"); `null` while the name is not known yet. */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

export function useDocumentTitle(title: string | null): void {
  const { t } = useTranslation();
  useEffect(() => {
    if (title !== null) document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
}
