/** "Used in": the process steps a page hangs on, each a link to the process view at that step. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAsync } from '../ui/use-async.ts';
import { processesApi } from './api.ts';
import { useStepLabels } from './labels.ts';
import { processPath } from './paths.ts';
import './processes.css';

export function UsedInChips({ pageId }: { pageId: string }) {
  const { t } = useTranslation();
  const labels = useStepLabels();
  const steps = useAsync(() => processesApi.pageSteps(pageId), [pageId]);
  if (steps.status !== 'done' || steps.value.length === 0) return null;
  return (
    <nav className="used-in" aria-labelledby={`used-in-${pageId}`}>
      <h2 id={`used-in-${pageId}`} className="used-in-title">
        {t('processes.usedIn')}
      </h2>
      <ul>
        {steps.value.map((step) => (
          <li key={`${step.processId}/${step.elementId}`}>
            <Link to={processPath(step.processId, step.elementId)} className={`chip${step.orphaned ? ' chip-orphaned' : ''}`}>
              <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <rect x="1.5" y="4" width="13" height="8" rx="2.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
              </svg>
              {t('processes.usedInStep', { step: labels.step(step), process: step.processName })}
              {step.orphaned && <span className="chip-note"> ({t('processes.usedInOrphaned')})</span>}
            </Link>
            {!step.orphaned && (step.role || step.contacts.length > 0) && (
              <span className="used-in-people" data-testid="step-contacts-on-page">
                {step.role && <span>{t('processes.usedInRole', { role: step.role })}</span>}
                {step.contacts.length > 0 && (
                  <span>
                    {step.role && ' · '}
                    {t('processes.contacts')}: {step.contacts.map((c) => c.displayName).join(', ')}
                  </span>
                )}
              </span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
