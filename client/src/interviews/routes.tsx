/** The interview screens, loaded on first visit (most visits never open one). */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

const InterviewsScreen = lazy(() => import('./InterviewsScreen.tsx').then((m) => ({ default: m.InterviewsScreen })));
const InterviewScreen = lazy(() => import('./InterviewScreen.tsx').then((m) => ({ default: m.InterviewScreen })));

function Loading() {
  const { t } = useTranslation();
  return <p className="content muted">{t('common.loading')}</p>;
}

export function InterviewsRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <InterviewsScreen />
    </Suspense>
  );
}

export function InterviewRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <InterviewScreen />
    </Suspense>
  );
}
