/**
 * One question of the interview: prompt and help text, the live answer editor (the fragment
 * `answer:<questionId>` of the interview's Y.Doc), the private toggle, attached steps and the
 * successor's review.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ANSWER_REVIEW_MAX_LENGTH } from '@stafette/api/limits';
import type { Answer, Interview, Question } from '@stafette/api';
import { Editor } from '../editor/Editor.tsx';
import type { CollabSession } from '../editor/use-collab.ts';
import { useFormat } from '../i18n/format.ts';
import { StepPicker } from './StepPicker.tsx';
import { interviewsApi } from './api.ts';

interface Props {
  interview: Interview;
  question: Question;
  answer: Answer;
  collab: CollabSession | null;
  editable: boolean;
  run(action: () => Promise<unknown>): Promise<void>;
}

/**
 * Memoised: the form re-renders on every presence change of anyone in the interview, and
 * re-rendering two dozen editors for that makes typing sluggish.
 */
export const AnswerCard = memo(function AnswerCard({ interview, question, answer, collab, editable, run }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [picking, setPicking] = useState(false);
  const [reviewing, setReviewing] = useState<'comment' | 'follow_up' | null>(null);
  const [text, setText] = useState('');
  // Shown at once, confirmed (or reverted) by the server's answer.
  const [pendingPrivate, setPendingPrivate] = useState<boolean | null>(null);
  const { can } = interview;
  const helpId = `help-${question.id}`;
  const canToggle = answer.private ? can.unmarkPrivate : can.markPrivate;
  const api = {
    setPrivate: (value: boolean) => interviewsApi.setPrivate(interview.id, question.id, value),
    link: (p: string, e: string) => interviewsApi.linkStep(interview.id, question.id, p, e),
    unlink: (p: string, e: string) => interviewsApi.unlinkStep(interview.id, question.id, p, e),
    review: (kind: 'accept' | 'comment' | 'follow_up', body?: string) => interviewsApi.review(interview.id, question.id, kind, body),
  };

  return (
    <section className={`answer-card${answer.private ? ' answer-private' : ''}`} aria-labelledby={`q-${question.id}`} data-question-id={question.id}>
      <div className="answer-head">
        <h3 id={`q-${question.id}`}>{question.prompt}</h3>
        <span className="answer-kind">{t(`interviews.kinds.${question.kind}`)}</span>
      </div>
      <p id={helpId} className="answer-help">{question.help}</p>
      <div className="answer-editor" aria-describedby={helpId}>
        {collab ? (
          <Editor
            collab={collab}
            pageId=""
            title={t('interviews.answerLabel', { prompt: question.prompt })}
            editable={editable}
            onNavigate={(path) => navigate(path)}
            fragment={`answer:${question.id}`}
            domId={`answer-${question.id}`}
          />
        ) : (
          <p className="muted">{answer.text || '–'}</p>
        )}
      </div>
      <div className="answer-meta">
        <label className="answer-private-toggle">
          <input
            type="checkbox"
            checked={pendingPrivate ?? answer.private}
            disabled={!canToggle}
            onChange={(e) => {
              const value = e.target.checked;
              setPendingPrivate(value);
              void run(() => api.setPrivate(value)).finally(() => setPendingPrivate(null));
            }}
          />
          <span>{t('interviews.private')}</span>
        </label>
        <div className="answer-steps">
          <span className="answer-steps-label">{t('interviews.steps')}:</span>
          {answer.steps.length === 0 && <span className="muted">{t('interviews.noSteps')}</span>}
          <ul>
            {answer.steps.map((s) => (
              <li key={`${s.processId}/${s.elementId}`} className="step-chip">
                <Link to={`/processes/${s.processId}/steps/${encodeURIComponent(s.elementId)}`}>
                  {s.processName}: {s.name ?? s.elementId}
                </Link>
                {can.linkSteps && (
                  <button type="button" className="icon-button" aria-label={t('interviews.detachStep', { name: s.name ?? s.elementId })} onClick={() => void run(() => api.unlink(s.processId, s.elementId))}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {can.linkSteps && !picking && (
            <button type="button" className="button button-ghost button-small" onClick={() => setPicking(true)}>
              {t('interviews.attachStep')}
            </button>
          )}
        </div>
        {picking && <StepPicker idPrefix={`pick-${question.id}`} onPick={(p, e) => run(() => api.link(p, e)).then(() => setPicking(false))} />}
      </div>
      {(answer.reviews.length > 0 || can.review) && (
        <div className="answer-review">
          <h4>{t('interviews.review.title')}</h4>
          {answer.accepted && <p className="answer-accepted">✓ {t('interviews.review.accepted')}</p>}
          <ul className="review-list">
            {answer.reviews.map((r) => (
              <li key={r.id}>
                <strong>{r.author?.displayName ?? '–'}</strong> {t(`interviews.review.kind.${r.kind}`)} ({format.date(r.createdAt)}){r.body ? `: ${r.body}` : ''}
              </li>
            ))}
          </ul>
          {can.review && (
            <div className="review-actions">
              <button type="button" className="button button-secondary button-small" onClick={() => void run(() => api.review('accept'))}>
                {t('interviews.review.accept')}
              </button>
              <button type="button" className="button button-ghost button-small" onClick={() => setReviewing('comment')}>
                {t('interviews.review.comment')}
              </button>
              <button type="button" className="button button-ghost button-small" onClick={() => setReviewing('follow_up')}>
                {t('interviews.review.followUp')}
              </button>
            </div>
          )}
          {reviewing && (
            <form
              className="review-form"
              onSubmit={(e) => {
                e.preventDefault();
                void run(() => api.review(reviewing, text)).then(() => {
                  setReviewing(null);
                  setText('');
                });
              }}
            >
              <label htmlFor={`review-${question.id}`}>{reviewing === 'comment' ? t('interviews.review.comment') : t('interviews.review.followUp')}</label>
              <textarea id={`review-${question.id}`} value={text} onChange={(e) => setText(e.target.value)} required maxLength={ANSWER_REVIEW_MAX_LENGTH} rows={3} />
              <div className="dialog-actions">
                <button type="button" className="button button-ghost button-small" onClick={() => setReviewing(null)}>{t('common.cancel')}</button>
                <button type="submit" className="button button-primary button-small">{t('interviews.review.send')}</button>
              </div>
            </form>
          )}
        </div>
      )}
    </section>
  );
});
