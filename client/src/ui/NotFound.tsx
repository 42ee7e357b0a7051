/** What a screen shows when the thing its address names cannot be loaded: why (when given) and the way home. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from './errors.ts';

export function NotFound(props: { error?: unknown }) {
  const { t } = useTranslation();
  return (
    <div className="content">
      <h1>{t('common.notFound')}</h1>
      {'error' in props && <p>{errorMessage(props.error, t)}</p>}
      <Link to="/">{t('common.backHome')}</Link>
    </div>
  );
}
