/**
 * A page's responsible person and review date: a banner when the review is due (with "still
 * correct" for the responsible person), a proposal when that person left, and a small form for
 * those who set responsibility (space owners, admins, knowledge managers).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Review } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { knowledgeApi } from './api.ts';
import './knowledge.css';
import { FormError } from '../ui/FormError.tsx';

const INTERVALS = [30, 90, 180, 365, 730];

export function ReviewBanner({ pageId, spaceId }: { pageId: string; spaceId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const review = useAsync(() => knowledgeApi.review(pageId), [pageId]);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, run: attempt } = useAction((err) => t('knowledge.review.failed', { reason: errorMessage(err, t) }));

  if (review.status !== 'done') return null;
  const state = review.value;
  const day = (iso: string) => format.date(`${iso}T12:00:00Z`);

  const run = (action: () => Promise<Review>, after?: (next: Review) => void) =>
    attempt(async () => {
      const next = await action();
      review.set(next);
      after?.(next);
    });

  const confirm = () => run(() => knowledgeApi.confirmReview(pageId), (next) => setNotice(t('knowledge.review.confirmed', { date: day(next.dueDate!) })));
  const left = state.responsible?.left || (state.intervalDays !== null && !state.responsible);

  return (
    <div className="review">
      {state.overdue && !left && (
        <div className="banner banner-warn review-banner" role="note" aria-labelledby="review-due-title" data-testid="review-banner">
          <strong id="review-due-title">{t('knowledge.review.overdueTitle')}</strong>
          <p>
            {state.permissions.canConfirm
              ? t('knowledge.review.overdueResponsible', { date: day(state.dueDate!) })
              : t('knowledge.review.overdueOther', { date: day(state.dueDate!), name: state.responsible?.displayName ?? '' })}
          </p>
          {state.permissions.canConfirm && (
            <button type="button" className="button button-primary button-small" onClick={() => void confirm()} disabled={busy}>
              {t('knowledge.review.confirm')}
            </button>
          )}
        </div>
      )}
      {left && state.permissions.canConfigure && (
        <div className="banner banner-warn review-banner" role="note" aria-labelledby="review-left-title">
          <strong id="review-left-title">{t('knowledge.review.responsibleLeftTitle')}</strong>
          <p>
            {state.proposal
              ? t('knowledge.review.responsibleLeft', { name: state.responsible?.displayName ?? '—', proposal: state.proposal.displayName })
              : t('knowledge.review.responsibleLeftNoProposal', { name: state.responsible?.displayName ?? '—' })}
          </p>
          {state.proposal && (
            <button type="button" className="button button-primary button-small" disabled={busy} onClick={() => void run(() => knowledgeApi.configureReview(pageId, { responsibleId: state.proposal!.userId }))}>
              {t('knowledge.review.acceptProposal', { name: state.proposal.displayName })}
            </button>
          )}
        </div>
      )}
      {notice && (
        <p className="banner banner-info" role="status">
          {notice}
        </p>
      )}
      {(state.responsible || state.permissions.canConfigure) && !editing && (
        <p className="review-meta">
          {state.responsible && state.dueDate && <span>{t(state.overdue ? 'knowledge.review.responsibleOverdue' : 'knowledge.review.responsible', { name: state.responsible.displayName, date: day(state.dueDate) })}</span>}
          {state.permissions.canConfigure && (
            <button type="button" className="button button-ghost button-small" onClick={() => setEditing(true)}>
              {t('knowledge.review.configure')}
            </button>
          )}
        </p>
      )}
      {editing && (
        <ReviewForm
          spaceId={spaceId}
          review={state}
          busy={busy}
          onCancel={() => setEditing(false)}
          onSave={(changes) => void run(() => knowledgeApi.configureReview(pageId, changes), () => setEditing(false))}
        />
      )}
      <FormError message={error} />
    </div>
  );
}

function ReviewForm({
  spaceId,
  review,
  busy,
  onSave,
  onCancel,
}: {
  spaceId: string;
  review: Review;
  busy: boolean;
  onSave(changes: { responsibleId: string | null; intervalDays?: number }): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const members = useAsync(() => knowledgeApi.members(spaceId), [spaceId]);
  const [responsibleId, setResponsibleId] = useState(review.responsible && !review.responsible.left ? review.responsible.id : '');
  const [intervalDays, setIntervalDays] = useState(review.intervalDays ?? 365);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(responsibleId ? { responsibleId, intervalDays } : { responsibleId: null });
  };

  return (
    <form className="review-form" onSubmit={submit}>
      <label className="field">
        <span>{t('knowledge.review.responsibleLabel')}</span>
        <select value={responsibleId} onChange={(event) => setResponsibleId(event.target.value)}>
          <option value="">{t('knowledge.review.clear')}</option>
          {members.status === 'done' &&
            members.value
              .filter((m) => m.active)
              .map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.displayName}
                </option>
              ))}
        </select>
      </label>
      <label className="field">
        <span>{t('knowledge.review.intervalLabel')}</span>
        <select value={intervalDays} onChange={(event) => setIntervalDays(Number(event.target.value))} disabled={!responsibleId}>
          {[...new Set([...INTERVALS, intervalDays])].sort((a, b) => a - b).map((days) => (
            <option key={days} value={days}>
              {t('knowledge.review.intervalDays', { count: days })}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button-primary button-small" disabled={busy}>
        {t('knowledge.review.save')}
      </button>
      <button type="button" className="button button-ghost button-small" onClick={onCancel}>
        {t('knowledge.review.cancel')}
      </button>
    </form>
  );
}
