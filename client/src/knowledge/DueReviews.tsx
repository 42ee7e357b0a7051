/** Start-page list of the caller's pages due for review; renders nothing when none are due. */
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
          </li>
        ))}
      </ul>
    </section>
  );
}
