/**
 * Backing up the instance. The embedded database lives inside the server process, so its backup
 * is downloaded from the running server; with PostgreSQL the usual tools do it while it runs.
 */
import { useTranslation } from 'react-i18next';
import { Loaded } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { backupApi } from './api.ts';

export function BackupAdmin() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.backup.title'));
  const health = useAsync(() => backupApi.health(), []);
  return (
    <section aria-labelledby="backup-title">
      <h1 id="backup-title">{t('admin.backup.title')}</h1>
      <Loaded state={health}>
        {(value) =>
          value.database === 'pglite' ? (
            <div className="panel">
              <p>{t('admin.backup.embedded')}</p>
              <p>
                <a className="button" href={backupApi.downloadUrl} download>
                  {t('admin.backup.download')}
                </a>
              </p>
              <p className="field-hint">{t('admin.backup.files')}</p>
              <p className="field-hint">
                {t('admin.backup.restore')} <code>pnpm stafette restore stafette-backup-….tar.gz</code>
              </p>
            </div>
          ) : (
            <div className="panel">
              <p>
                {t('admin.backup.postgres')} <code>pnpm stafette backup stafette.dump</code>
              </p>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}
