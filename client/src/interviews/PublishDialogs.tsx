/**
 * The consent dialog (the departing person sees exactly what will be published, rendered from
 * the server's publication plan, and agrees to that fingerprint) and the completion dialog
 * (choose the space, publish).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { docToHtml, type PMNodeJSON } from '@stafette/schema';
import { Link } from 'react-router';
import type { Completion, Interview } from '@stafette/api';
import { Dialog } from '../ui/Dialog.tsx';
import { useAsync } from '../ui/use-async.ts';
import { errorMessage } from '../ui/errors.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { interviewsApi } from './api.ts';

function Rendered({ doc }: { doc: unknown }) {
  // docToHtml escapes text and drops unsafe links: the server's plan is rendered, not trusted.
  return <div className="page-content preview-doc" dangerouslySetInnerHTML={{ __html: docToHtml(doc as PMNodeJSON) }} />;
}

export function ConsentDialog({ interview, open, onClose, onDone }: { interview: Interview; open: boolean; onClose(): void; onDone(next: Interview): void }) {
  const { t } = useTranslation();
  const plan = useAsync(() => (open ? interviewsApi.preview(interview.id) : Promise.resolve(null)), [open, interview.id]);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={t('interviews.consent.title')} open={open} onClose={onClose}>
      <p>{t('interviews.consent.intro')}</p>
      {plan.status === 'loading' && <p className="muted">{t('common.loading')}</p>}
      {plan.status === 'error' && <p role="alert">{errorMessage(plan.error, t)}</p>}
      {plan.status === 'done' && plan.value && (
        <div className="preview">
          <h3>{plan.value.handover.title}</h3>
          <Rendered doc={plan.value.handover.doc} />
          {plan.value.stepPages.length > 0 && <h3>{t('interviews.consent.stepPages')}</h3>}
          {plan.value.stepPages.map((p) => (
            <details key={p.questionId}>
              <summary>{p.title}</summary>
              <Rendered doc={p.doc} />
            </details>
          ))}
          <p className="muted">{t('interviews.consent.excluded', { count: plan.value.excluded.length })}</p>
          {plan.value.consent.given && <p>{plan.value.consent.current ? t('interviews.consent.given') : t('interviews.consent.outdated')}</p>}
          {error && <p className="field-error" role="alert">{error}</p>}
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>{t('common.close')}</button>
            {interview.can.consent && (
              <button
                type="button"
                className="button button-primary"
                onClick={() =>
                  void interviewsApi.consent(interview.id, plan.value!.hash).then(onDone, (err: unknown) => setError(errorMessage(err, t)))
                }
              >
                {t('interviews.consent.agree')}
              </button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}

export function CompleteDialog({ interview, open, onClose, onDone }: { interview: Interview; open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const { spaces } = useWorkspace();
  const [spaceId, setSpaceId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [published, setPublished] = useState<Completion | null>(null);
  return (
    <Dialog title={t('interviews.complete.title')} open={open} onClose={onClose}>
      {published ? (
        <>
          <p role="status">{t('interviews.complete.done')}</p>
          <UnattachedSteps interview={interview} result={published} />
          <div className="dialog-actions">
            <Link className="button button-primary" to={`/pages/${published.handoverPageId}`} onClick={onDone}>{t('interviews.complete.handover')}</Link>
          </div>
        </>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setError(null);
            void interviewsApi.complete(interview.id, spaceId).then(setPublished, (err: unknown) => setError(errorMessage(err, t)));
          }}
        >
          <p>{t('interviews.complete.intro')}</p>
          {!interview.consentedAt && <p className="field-error">{t('interviews.consent.missing')}</p>}
          <div className="field">
            <label htmlFor="complete-space">{t('interviews.complete.space')}</label>
            <select id="complete-space" value={spaceId} onChange={(e) => setSpaceId(e.target.value)} required>
              <option value="" />
              {spaces?.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </div>
          {error && <p className="field-error" role="alert">{error}</p>}
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={onClose}>{t('common.cancel')}</button>
            <button type="submit" className="button button-primary">{t('interviews.complete.confirm')}</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}

/** Steps the publisher could not attach a published page to, named as the interview shows them, with the reason. */
function UnattachedSteps({ interview, result }: { interview: Interview; result: Completion }) {
  const { t } = useTranslation();
  if (result.unattachedSteps.length === 0) return null;
  const stepName = (questionId: string, processId: string, elementId: string) => {
    const step = interview.answers.find((a) => a.questionId === questionId)?.steps.find((s) => s.processId === processId && s.elementId === elementId);
    return step ? `${step.processName}: ${step.name ?? step.elementId}` : elementId;
  };
  return (
    <div role="alert">
      <p>{t('interviews.complete.unattached')}</p>
      <ul className="unattached-steps">
        {result.unattachedSteps.map((u) => (
          <li key={`${u.pageId}/${u.processId}/${u.elementId}`}>
            <Link to={`/pages/${u.pageId}`}>{stepName(u.questionId, u.processId, u.elementId)}</Link> – {t(`interviews.complete.reason.${u.reason}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
