/**
 * On a completed interview: turn the successor's reading list into a reading path assigned to
 * them, so it shows on their start page with progress. Offered to knowledge managers and admins.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../ui/FormError.tsx';
import { useAction } from '../ui/use-action.ts';
import { onboardingApi } from './api.ts';

export function SuccessorPathButton({ interviewId }: { interviewId: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const [done, setDone] = useState(false);
  if (done) {
    return (
      <p role="status">
        {t('onboarding.successorPathDone')} <Link to="/onboarding">{t('onboarding.title')}</Link>
      </p>
    );
  }
  return (
    <div>
      <button type="button" className="button button-secondary" disabled={action.busy} onClick={() => void action.run(async () => (await onboardingApi.fromInterview(interviewId), setDone(true)))}>
        {t('onboarding.successorPath')}
      </button>
      <FormError message={action.error} />
    </div>
  );
}
