/** Administration: a tab-like navigation between users, spaces, the audit log, settings and backup; admins only. */
import { useTranslation } from 'react-i18next';
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { useUser } from '../session/session.tsx';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { AuditAdmin } from './AuditAdmin.tsx';
import { BackupAdmin } from './BackupAdmin.tsx';
import { DirectoryAdmin } from './DirectoryAdmin.tsx';
import { SecurityAdmin } from './SecurityAdmin.tsx';
import { SpacesAdmin } from './SpacesAdmin.tsx';
import { UsersAdmin } from './UsersAdmin.tsx';
import { ClassificationAdmin } from '../classification/ClassificationAdmin.tsx';
import { PublishingAdmin } from '../publishing/PublishingAdmin.tsx';
import './admin.css';

export function AdminScreen() {
  const { t } = useTranslation();
  const user = useUser();
  useDocumentTitle(t('admin.nav'));

  if (user.role !== 'admin') {
    return (
      <div className="content">
        <h1>{t('admin.nav')}</h1>
        <p>{t('admin.forbidden')}</p>
      </div>
    );
  }
  return (
    <div className="content content-wide admin">
      <nav aria-label={t('admin.sections')} className="tabs">
        <NavLink to="/admin/users" className="tab">
          {t('admin.users')}
        </NavLink>
        <NavLink to="/admin/spaces" className="tab">
          {t('admin.spaces')}
        </NavLink>
        <NavLink to="/admin/audit" className="tab">
          {t('admin.audit')}
        </NavLink>
        <NavLink to="/admin/classification" className="tab">
          {t('classification.admin.tab')}
        </NavLink>
        <NavLink to="/admin/publishing" className="tab">
          {t('publishing.admin.tab')}
        </NavLink>
        <NavLink to="/admin/directory" className="tab">
          {t('admin.directory.tab')}
        </NavLink>
        <NavLink to="/admin/security" className="tab">
          {t('profile.twoFactor.adminTitle')}
        </NavLink>
        <NavLink to="/admin/backup" className="tab">
          {t('admin.backup.tab')}
        </NavLink>
      </nav>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        <Route path="users" element={<UsersAdmin />} />
        <Route path="spaces" element={<SpacesAdmin />} />
        <Route path="audit" element={<AuditAdmin />} />
        <Route path="classification" element={<ClassificationAdmin />} />
        <Route path="publishing" element={<PublishingAdmin />} />
        <Route path="directory" element={<DirectoryAdmin />} />
        <Route path="security" element={<SecurityAdmin />} />
        <Route path="backup" element={<BackupAdmin />} />
      </Routes>
    </div>
  );
}
