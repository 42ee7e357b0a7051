/**
 * Shown instead of the app when the instance requires two-factor sign-in of this account
 * (admins and knowledge managers, when switched on) and it has none yet: enrol, or sign out.
 */
import { useCallback, useState } from 'react';
import './two-factor.css';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../screens/AuthLayout.tsx';
import { useSession } from '../session/session.tsx';
import { Notice } from '../ui/Notice.tsx';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { TwoFactorSetup } from './TwoFactorSetup.tsx';
import '../admin/admin.css';

export function SecondFactorEnrolmentScreen() {
  const { t } = useTranslation();
  const { secondFactorEnrolled, signOut } = useSession();
  const [notice, setNotice] = useState<string | null>(null);
  const clearNotice = useCallback(() => setNotice(null), []);
  useDocumentTitle(t('profile.twoFactor.requiredTitle'));
  return (
    <AuthLayout title={t('profile.twoFactor.requiredTitle')} intro={t('profile.twoFactor.requiredIntro')}>
      <TwoFactorSetup onEnabled={secondFactorEnrolled} onNotice={setNotice} />
      <p className="auth-alternatives">
        <button type="button" className="button button-ghost" onClick={() => void signOut()}>
          {t('nav.signOut')}
        </button>
      </p>
      <Notice message={notice} onDone={clearNotice} />
    </AuthLayout>
  );
}
