/** Start-page list of the caller's pages due for review (interval ran out, or a process version removed their step); renders nothing when none are due. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../i18n/format.ts';
import { useAsync } from '../ui/use-async.ts';
import { knowledgeApi } from './api.ts';
import './knowledge.css';

export function DueReviews() {
  const { t } = useTranslation();
  const format = useFormat();
  const due = useAsync(() => knowledgeApi.dueReviews(), []);
  if (due.status !== 'done' || due.value.length === 0) return null;
  return (
    <section aria-labelledby="due-reviews-heading" className="panel due-reviews">
      <h2 id="due-reviews-heading">{t('knowledge.due.heading')}</h2>
      <ul className="due-list">
        {due.value.map((item) => (
          <li key={item.pageId}>
            <Link to={`/pages/${item.pageId}`} className="page-list-title">
              {item.title}
            </Link>
            <span className="page-list-meta">
              {item.spaceName} · <span className={item.overdue ? 'due-overdue' : undefined}>{t('knowledge.due.since', { date: format.date(`${item.dueDate}T12:00:00Z`) })}</span>
            </span>
            {item.removedSteps.length > 0 && (
              <ul className="due-reasons" aria-label={t('knowledge.due.stepRemoved')}>
                {item.removedSteps.map((step) => (
                  <li key={`${step.processId}/${step.elementId}/${step.version}`}>
                    {t('knowledge.due.stepRemoved')}: {t('knowledge.due.stepIn', { step: step.stepName ?? step.elementId, process: step.processName, version: step.version })}{' '}
                    <Link to={`/processes/${step.processId}/compare?from=${Math.max(1, step.version - 1)}&to=${step.version}`}>{t('knowledge.due.compare')}</Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
