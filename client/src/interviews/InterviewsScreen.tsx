/**
 * The interviews the signed-in person may see (participants; knowledge managers and admins see
 * all), with status and departure date; knowledge managers and admins schedule new ones here.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useUser } from '../session/session.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useFormat } from '../i18n/format.ts';
import { interviewsApi } from './api.ts';
import { RetentionBadge } from './RetentionNotice.tsx';
import { ScheduleDialog } from './ScheduleDialog.tsx';
import './interviews.css';

export function InterviewsScreen() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const navigate = useNavigate();
  const [scheduling, setScheduling] = useState(false);
  const list = useAsync(() => interviewsApi.list(), []);
  const manager = user.role === 'admin' || user.role === 'knowledge_manager';

  useDocumentTitle(t('interviews.listTitle'));

  return (
    <div className="content interviews">
      <div className="interviews-head">
        <h1>{t('interviews.listTitle')}</h1>
        {manager && (
          <button type="button" className="button button-primary" onClick={() => setScheduling(true)}>
            {t('interviews.schedule')}
          </button>
        )}
      </div>
      <p className="muted">{t('interviews.listIntro')}</p>
      <Loaded state={list} empty={t('interviews.listEmpty')}>
        {(interviews) => (
          <ul className="interview-list">
            {interviews.map((interview) => (
              <li key={interview.id} className="interview-list-item">
                <Link to={`/interviews/${interview.id}`} className="interview-list-link">
                  {interview.subject.displayName}
                  {interview.subjectRole ? ` · ${interview.subjectRole}` : ''}
                </Link>
                <span className={`interview-status interview-status-${interview.status}`}>{t(`interviews.status.${interview.status}`)}</span>
                <span className="muted">{t('interviews.departure', { date: format.date(interview.departureDate) })}</span>
                <RetentionBadge retention={interview.retention} />
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      {manager && (
        <ScheduleDialog
          open={scheduling}
          onClose={() => setScheduling(false)}
          onScheduled={(id) => {
            setScheduling(false);
            navigate(`/interviews/${id}`);
          }}
        />
      )}
    </div>
  );
}
