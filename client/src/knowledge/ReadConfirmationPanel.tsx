/**
 * Read confirmations on a page: the newest request, "I have read it" for those asked, who
 * confirmed and who has not yet, and for space owners a way to ask.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { READ_REQUEST_NOTE_MAX_LENGTH } from '@stafette/api/limits';
import type { ReadStatus } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { knowledgeApi } from './api.ts';
import './knowledge.css';
import { FormError } from '../ui/FormError.tsx';

export function ReadConfirmationPanel({ pageId }: { pageId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useAsync(() => knowledgeApi.readStatus(pageId), [pageId]);
  const [asking, setAsking] = useState(false);
  const [note, setNote] = useState('');
  const { busy, error, run: attempt } = useAction((err) => t('knowledge.reads.failed', { reason: errorMessage(err, t) }));

  if (status.status !== 'done') return null;
  const state = status.value;
  if (!state.request && !state.canRequest) return null;

  const run = (action: () => Promise<ReadStatus>) =>
    attempt(async () => {
      status.set(await action());
      setAsking(false);
      setNote('');
    });
  const send = (event: FormEvent) => {
    event.preventDefault();
    void run(() => knowledgeApi.requestReads(pageId, note.trim()));
  };

  return (
    <section className="read-panel" aria-labelledby="read-panel-heading">
      <h2 id="read-panel-heading">{t('knowledge.reads.heading')}</h2>
      {state.request && (
        <>
          <p>
            {state.request.note
              ? t('knowledge.reads.requestedBy', { name: state.request.requestedBy?.displayName ?? '—', when: format.relative(state.request.createdAt), note: state.request.note })
              : t('knowledge.reads.requestedByNoNote', { name: state.request.requestedBy?.displayName ?? '—', when: format.relative(state.request.createdAt) })}
          </p>
          {state.callerPending && (
            <p>
              <button type="button" className="button button-primary button-small" onClick={() => void run(() => knowledgeApi.confirmRead(pageId))} disabled={busy}>
                {t('knowledge.reads.confirm')}
              </button>
            </p>
          )}
          <div className="read-lists">
            <div>
              <h3>{t('knowledge.reads.confirmedList', { count: state.confirmed.length })}</h3>
              <ul aria-label={t('knowledge.reads.confirmedList', { count: state.confirmed.length })} data-testid="read-confirmed">
                {state.confirmed.length === 0 && <li className="muted">{t('knowledge.reads.none')}</li>}
                {state.confirmed.map((p) => (
                  <li key={p.userId}>
                    {p.displayName} <span className="muted">({format.relative(p.confirmedAt)})</span>
                  </li>
                ))}
              </ul>
            </div>
            <div>
              <h3>{t('knowledge.reads.pendingList', { count: state.pending.length })}</h3>
              <ul aria-label={t('knowledge.reads.pendingList', { count: state.pending.length })} data-testid="read-pending">
                {state.pending.length === 0 && <li className="muted">{t('knowledge.reads.none')}</li>}
                {state.pending.map((p) => (
                  <li key={p.userId}>{p.displayName}</li>
                ))}
              </ul>
            </div>
          </div>
        </>
      )}
      {state.canRequest && !asking && (
        <button type="button" className="button button-secondary button-small" onClick={() => setAsking(true)}>
          {t('knowledge.reads.request')}
        </button>
      )}
      {asking && (
        <form className="read-request-form" onSubmit={send}>
          <label className="field">
            <span>{t('knowledge.reads.noteLabel')}</span>
            <input type="text" value={note} maxLength={READ_REQUEST_NOTE_MAX_LENGTH} onChange={(event) => setNote(event.target.value)} />
          </label>
          <button type="submit" className="button button-primary button-small" disabled={busy}>
            {t('knowledge.reads.send')}
          </button>
          <button type="button" className="button button-ghost button-small" onClick={() => setAsking(false)}>
            {t('knowledge.review.cancel')}
          </button>
        </form>
      )}
      <FormError message={error} />
    </section>
  );
}
