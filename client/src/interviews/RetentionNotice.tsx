/**
 * Retention of an interview's unpublished content, as the people responsible need to see it: a
 * warning before the date while the interview still runs (it is never deleted automatically),
 * the overdue notice after it, and for knowledge managers the explicit, confirmed decision to
 * delete the content. Also the short badge the interview list shows.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PURGE_REASON_MAX_LENGTH } from '@stafette/api/limits';
import type { Interview, Retention } from '@stafette/api';
import { Dialog } from '../ui/Dialog.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';
import { FormError } from '../ui/FormError.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useFormat } from '../i18n/format.ts';
import { interviewsApi } from './api.ts';

/** The list's badge: only when someone has to act (soon). */
export function RetentionBadge({ retention }: { retention: Retention }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (retention.automatic || (retention.state !== 'warning' && retention.state !== 'due')) return null;
  return (
    <span className={`retention-badge retention-${retention.state}`} data-retention={retention.state}>
      {retention.state === 'due' ? t('interviews.retention.badgeDue') : t('interviews.retention.badgeWarning', { date: format.date(retention.keptUntil) })}
    </span>
  );
}

export function RetentionNotice({ interview, onChange }: { interview: Interview; onChange(next: Interview): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [deciding, setDeciding] = useState(false);
  const { retention } = interview;
  if (retention.state !== 'warning' && retention.state !== 'due') return null;
  const date = format.date(retention.keptUntil);
  const text = retention.state === 'warning' ? t('interviews.retention.warning', { date }) : t(retention.automatic ? 'interviews.retention.dueCompleted' : 'interviews.retention.due', { date });
  return (
    <div className={`retention-notice retention-${retention.state}`} role="alert" data-retention={retention.state}>
      <p>{text}</p>
      {interview.can.purgeContent && (
        <>
          <button type="button" className="button button-danger" onClick={() => setDeciding(true)}>
            {t('interviews.retention.purge')}
          </button>
          <PurgeDialog
            interview={interview}
            open={deciding}
            onClose={() => setDeciding(false)}
            onDone={(next) => {
              setDeciding(false);
              onChange(next);
            }}
          />
        </>
      )}
    </div>
  );
}

function PurgeDialog({ interview, open, onClose, onDone }: { interview: Interview; open: boolean; onClose(): void; onDone(next: Interview): void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={t('interviews.retention.purge')} open={open} onClose={onClose} role="alertdialog">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          setBusy(true);
          void interviewsApi.purge(interview.id, reason.trim()).then(onDone, (err: unknown) => {
            setBusy(false);
            setError(errorMessage(err, t));
          });
        }}
      >
        <p>{t('interviews.retention.purgeIntro')}</p>
        <div className="field">
          <label htmlFor="purge-reason">{t('interviews.retention.purgeReason')}</label>
          <input id="purge-reason" value={reason} maxLength={PURGE_REASON_MAX_LENGTH} onChange={(e) => setReason(e.target.value)} />
        </div>
        <label className="answer-private-toggle">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} required />
          {t('interviews.retention.purgeConfirm')}
        </label>
        <FormError message={error} className="field-error" />
        <DialogActions onCancel={onClose} submitLabel={t('interviews.retention.purgeSubmit')} busy={busy || !confirmed} />
      </form>
    </Dialog>
  );
}
