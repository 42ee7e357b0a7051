/**
 * The interview form: participants and status, every section with its questions and live
 * answer editors (one Y.Doc per interview on /collab/interview/:id, one fragment per answer),
 * presence, the status actions, consent and completion, and the successor's reading list.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { Answer, Interview } from '@stafette/api';
import { useUser } from '../session/session.tsx';
import { type CollabState, useCollab } from '../editor/use-collab.ts';
import { initials } from '../editor/colors.ts';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { errorMessage } from '../ui/errors.ts';
import { Notice } from '../ui/Notice.tsx';
import { useFormat } from '../i18n/format.ts';
import { SuccessorPathButton } from '../onboarding/SuccessorPathButton.tsx';
import { interviewsApi } from './api.ts';
import { AnswerCard } from './AnswerCard.tsx';
import { CompleteDialog, ConsentDialog } from './PublishDialogs.tsx';
import { RetentionNotice } from './RetentionNotice.tsx';
import './interviews.css';

export function InterviewScreen() {
  const { interviewId = '' } = useParams();
  const { t } = useTranslation();
  const state = useAsync(() => interviewsApi.get(interviewId), [interviewId]);
  if (state.status === 'loading') return <p className="content muted">{t('common.loading')}</p>;
  if (state.status === 'error') {
    return (
      <div className="content">
        <h1>{t('common.notFound')}</h1>
        <p role="alert">{errorMessage(state.error, t)}</p>
        <Link to="/interviews">{t('interviews.listTitle')}</Link>
      </div>
    );
  }
  const props = { interview: state.value, onChange: state.set, reload: state.reload };
  // A purged interview has no document: no socket for it.
  return state.value.purged ? <InterviewForm {...props} collab={null} /> : <LiveInterview {...props} />;
}

interface FormProps {
  interview: Interview;
  onChange(next: Interview): void;
  reload(): void;
}

function LiveInterview(props: FormProps) {
  const user = useUser();
  const collab = useCollab(`interview/${props.interview.id}`, { id: user.id, displayName: user.displayName });
  return <InterviewForm {...props} collab={collab} />;
}

function InterviewForm({ interview, onChange, reload, collab }: FormProps & { collab: CollabState | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const live = collab !== null;
  const [error, setError] = useState<string | null>(null);
  const [consenting, setConsenting] = useState(false);
  const [completing, setCompleting] = useState(false);
  const reading = useAsync(() => interviewsApi.readingList(interview.id), [interview.id, interview.updatedAt]);

  useDocumentTitle(`${interview.subject.displayName} – ${t('interviews.listTitle')}`);

  const run = useCallback(
    async (action: () => Promise<unknown>) => {
      setError(null);
      try {
        const result = await action();
        if (result && typeof result === 'object' && 'sections' in result) onChange(result as Interview);
        else reload();
      } catch (err) {
        setError(errorMessage(err, t));
      }
    },
    [onChange, reload, t],
  );

  const answers = useMemo(() => new Map(interview.answers.map((a) => [a.questionId, a])), [interview.answers]);
  const editable = interview.can.editAnswers && !collab?.permissionDenied;

  return (
    <div className="content interview">
      <p className="breadcrumbs">
        <Link to="/interviews">{t('interviews.listTitle')}</Link>
      </p>
      <header className="interview-header">
        <div>
          <h1>{interview.subject.displayName}{interview.subjectRole ? ` · ${interview.subjectRole}` : ''}</h1>
          <p className="muted">
            {t('interviews.departure', { date: format.date(interview.departureDate) })} ·{' '}
            <span className={`interview-status interview-status-${interview.status}`} data-status={interview.status}>{t(`interviews.status.${interview.status}`)}</span>
          </p>
        </div>
        {collab && collab.peers.length > 0 && (
          <ul className="presence" aria-label={t('interviews.presence')}>
            {collab.peers.map((peer) => (
              <li key={peer.userId} className="presence-avatar" style={{ background: peer.color }} title={peer.name} data-user-name={peer.name}>
                <span aria-hidden="true">{initials(peer.name)}</span>
                <span className="visually-hidden">{peer.name}</span>
              </li>
            ))}
          </ul>
        )}
      </header>
      <p className="interview-privacy" role="note">{t('interviews.privacyNote')}</p>
      <dl className="interview-people">
        <dt>{t('interviews.subject')}</dt>
        <dd>{interview.subject.displayName}</dd>
        <dt>{t('interviews.interviewer')}</dt>
        <dd>{interview.interviewer.displayName}</dd>
        <dt>{t('interviews.successor')}</dt>
        <dd>{interview.successor?.displayName ?? t('interviews.noSuccessor')}</dd>
      </dl>
      {interview.purged && <p role="status">{t('interviews.purged')}</p>}
      <RetentionNotice interview={interview} onChange={onChange} />

      <div className="interview-actions">
        {interview.can.start && (
          <button type="button" className="button button-primary" onClick={() => void run(() => interviewsApi.transition(interview.id, 'in_progress'))}>{t('interviews.start')}</button>
        )}
        {interview.can.submitForReview && (
          <button type="button" className="button button-primary" onClick={() => void run(() => interviewsApi.transition(interview.id, 'in_review'))}>{t('interviews.submitForReview')}</button>
        )}
        {interview.can.reopen && (
          <button type="button" className="button button-secondary" onClick={() => void run(() => interviewsApi.transition(interview.id, 'in_progress'))}>{t('interviews.reopen')}</button>
        )}
        {live && interview.status !== 'planned' && interview.status !== 'completed' && (
          <button type="button" className="button button-secondary" onClick={() => setConsenting(true)}>{t('interviews.consent.open')}</button>
        )}
        {interview.can.complete && (
          <button type="button" className="button button-primary" onClick={() => setCompleting(true)}>{t('interviews.complete.open')}</button>
        )}
        {interview.publication?.handoverPageId && (
          <Link className="button button-secondary" to={`/pages/${interview.publication.handoverPageId}`}>{t('interviews.complete.handover')}</Link>
        )}
      </div>
      {interview.consentedAt && <p className="muted">{t('interviews.consent.given')} ({format.date(interview.consentedAt)})</p>}

      {interview.sections.map((section) => (
        <section key={section.title} className="interview-section" aria-label={section.title}>
          <h2>{section.title}</h2>
          {section.questions.map((question) => {
            const answer = answers.get(question.id) ?? emptyAnswer(question.id);
            return (
              <AnswerCard
                key={question.id}
                interview={interview}
                question={question}
                answer={answer}
                collab={collab?.session ?? null}
                editable={editable}
                run={run}
              />
            );
          })}
        </section>
      ))}

      <section className="interview-section" aria-labelledby="reading-list">
        <h2 id="reading-list">{t('interviews.readingList')}</h2>
        {reading.status === 'done' && reading.value.length === 0 && <p className="muted">{t('interviews.readingEmpty')}</p>}
        {reading.status === 'done' && reading.value.length > 0 && (
          <ul className="reading-list">
            {reading.value.map((item) => (
              <li key={`${item.processId}/${item.elementId}`}>
                <Link to={`/processes/${item.processId}/steps/${encodeURIComponent(item.elementId)}`}>{item.processName}: {item.stepName ?? item.elementId}</Link>
                {item.pages.map((p) => (
                  <span key={p.id}> · <Link to={`/pages/${p.id}`}>{p.title}</Link></span>
                ))}
              </li>
            ))}
          </ul>
        )}
        {reading.status === 'done' && reading.value.length > 0 && interview.status === 'completed' && interview.successor && interview.parts.includes('manager') && (
          <SuccessorPathButton interviewId={interview.id} />
        )}
      </section>

      <ConsentDialog interview={interview} open={consenting} onClose={() => setConsenting(false)} onDone={(next) => { setConsenting(false); onChange(next); }} />
      <CompleteDialog interview={interview} open={completing} onClose={() => { setCompleting(false); reload(); }} onDone={() => setCompleting(false)} />
      <Notice message={error} tone="error" onDone={() => setError(null)} />
    </div>
  );
}

const empties = new Map<string, Answer>();
/** A stable empty answer per question, so memoised cards do not re-render for it. */
function emptyAnswer(questionId: string): Answer {
  let answer = empties.get(questionId);
  if (!answer) empties.set(questionId, (answer = { questionId, private: false, text: '', steps: [], reviews: [], accepted: false }));
  return answer;
}
