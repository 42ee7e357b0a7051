/**
 * The process screens, loaded on first visit: bpmn-js is large and most visits to the wiki
 * never open a diagram.
 */
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';

const ProcessScreen = lazy(() => import('./ProcessScreen.tsx').then((module) => ({ default: module.ProcessScreen })));
const NewProcessScreen = lazy(() => import('./NewProcessScreen.tsx').then((module) => ({ default: module.NewProcessScreen })));

function Loading() {
  const { t } = useTranslation();
  return <p className="content muted">{t('common.loading')}</p>;
}

export function ProcessRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <ProcessScreen />
    </Suspense>
  );
}

export function NewProcessRoute() {
  return (
    <Suspense fallback={<Loading />}>
      <NewProcessScreen />
    </Suspense>
  );
}
