/**
 * The knowledge-at-risk dashboard: steps ranked by risk with their reasons, filters by space,
 * process and departure horizon, CSV export of the same list, and the experts who leave with
 * a one-click "schedule exit interview" for knowledge managers.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RiskFilter, RiskPerson } from '@stafette/api';
import { useFormat } from '../i18n/format.ts';
import { useUser } from '../session/session.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { errorMessage } from '../ui/errors.ts';
import { useAction } from '../ui/use-action.ts';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { knowledgeApi } from './api.ts';
import { reasonText } from './reason-text.ts';
import { RiskBadge } from './RiskBadge.tsx';
import './knowledge.css';
import { FormError } from '../ui/FormError.tsx';

const HORIZONS = [30, 90, 180, 365];

export function KnowledgeRiskScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const user = useUser();
  const { spaces } = useWorkspace();
  const [filter, setFilter] = useState<RiskFilter>({ horizonDays: 180 });
  const processes = useAsync(() => knowledgeApi.processes(filter.spaceId), [filter.spaceId]);
  const risk = useAsync(() => knowledgeApi.risk(filter), [filter.spaceId, filter.processId, filter.horizonDays]);
  const canSchedule = user.role === 'admin' || user.role === 'knowledge_manager';

  useDocumentTitle(t('knowledge.title'));

  return (
    <div className="content content-wide knowledge">
      <h1>{t('knowledge.title')}</h1>
      <p className="muted">{t('knowledge.intro')}</p>

      <form className="risk-filters" aria-label={t('knowledge.filters')} onSubmit={(event) => event.preventDefault()}>
        <label className="field">
          <span>{t('knowledge.space')}</span>
          <select value={filter.spaceId ?? ''} onChange={(event) => setFilter({ ...filter, spaceId: event.target.value || undefined, processId: undefined })}>
            <option value="">{t('knowledge.all')}</option>
            {spaces?.map((space) => (
              <option key={space.id} value={space.id}>
                {space.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('knowledge.process')}</span>
          <select value={filter.processId ?? ''} onChange={(event) => setFilter({ ...filter, processId: event.target.value || undefined })}>
            <option value="">{t('knowledge.all')}</option>
            {processes.status === 'done' &&
              processes.value.map((process) => (
                <option key={process.id} value={process.id}>
                  {process.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>{t('knowledge.horizon')}</span>
          <select value={filter.horizonDays} onChange={(event) => setFilter({ ...filter, horizonDays: Number(event.target.value) })}>
            {HORIZONS.map((days) => (
              <option key={days} value={days}>
                {t('knowledge.horizonDays', { count: days })}
              </option>
            ))}
          </select>
        </label>
        <a className="button button-secondary risk-export" href={knowledgeApi.csvUrl(filter)} download>
          {t('knowledge.exportCsv')}
        </a>
      </form>

      <Loaded state={risk}>
        {({ steps, experts }) => (
          <div className="risk-layout">
            <section aria-labelledby="risk-steps-heading" className="risk-steps">
              <h2 id="risk-steps-heading">{t('knowledge.stepsHeading')}</h2>
              {steps.length === 0 ? (
                <p className="muted">{t('knowledge.empty')}</p>
              ) : (
                <table className="risk-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('knowledge.colScore')}</th>
                      <th scope="col">{t('knowledge.colStep')}</th>
                      <th scope="col">{t('knowledge.colReasons')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {steps.map((step) => (
                      <tr key={`${step.processId}:${step.elementId}`} data-element-id={step.elementId} data-level={step.level}>
                        <td>
                          <RiskBadge score={step.score} level={step.level} />
                        </td>
                        <td>
                          <Link to={`/processes/${step.processId}/steps/${encodeURIComponent(step.elementId)}`} className="risk-step-name">
                            {step.name}
                          </Link>
                          <span className="risk-step-meta">
                            {step.processName} · {step.spaceName} · {t('knowledge.colPages')}: {step.pageCount}
                            {step.lastEditedAt && <> · {t('knowledge.lastEdited', { when: format.relative(step.lastEditedAt) })}</>}
                          </span>
                        </td>
                        <td>
                          <ul className="risk-reasons">
                            {step.reasons.map((reason, i) => (
                              <li key={i} className={`risk-reason reason-${reason.code}`}>
                                {reasonText(reason, t)}
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section aria-labelledby="risk-people-heading" className="risk-people panel">
              <h2 id="risk-people-heading">{t('knowledge.peopleHeading')}</h2>
              {experts.length === 0 && <p className="muted">{t('knowledge.peopleEmpty')}</p>}
              <ul className="risk-people-list">
                {experts.map((person) => (
                  <PersonRow key={person.userId} person={person} canSchedule={canSchedule} interviewerId={user.id} onScheduled={risk.reload} />
                ))}
              </ul>
            </section>
          </div>
        )}
      </Loaded>
    </div>
  );
}

function PersonRow({ person, canSchedule, interviewerId, onScheduled }: { person: RiskPerson; canSchedule: boolean; interviewerId: string; onScheduled(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { busy, error, run } = useAction((err) => t('knowledge.scheduleFailed', { reason: errorMessage(err, t) }));
  const gone = !person.active || (person.departureDate !== null && person.departureDate <= new Date().toISOString().slice(0, 10));

  const schedule = (departureDate: string) =>
    run(async () => {
      await knowledgeApi.scheduleInterview({ subjectUserId: person.userId, interviewerId, departureDate });
      onScheduled();
    });

  return (
    <li className="risk-person" data-user-id={person.userId}>
      <div className="risk-person-head">
        <strong>{person.displayName}</strong>
        <span className={gone ? 'risk-person-left' : 'risk-person-date'}>
          {gone ? t('knowledge.left') : t('knowledge.leavesOn', { date: format.date(person.departureDate!) })}
        </span>
      </div>
      <span className="muted risk-person-meta">{t('knowledge.personPages', { count: person.pageCount, steps: person.stepCount, score: person.maxScore })}</span>
      {person.interview ? (
        <Link to={`/interviews/${person.interview.id}`} className="risk-interview">
          {t(`knowledge.interviewStatus_${person.interview.status}`, { defaultValue: t('knowledge.interviewScheduled') })}
        </Link>
      ) : (
        canSchedule &&
        !gone &&
        person.departureDate && (
          <button type="button" className="button button-primary button-small" onClick={() => void schedule(person.departureDate!)} disabled={busy} aria-label={`${t('knowledge.scheduleInterview')}: ${person.displayName}`}>
            {busy ? t('knowledge.scheduling') : t('knowledge.scheduleInterview')}
          </button>
        )
      )}
      <FormError message={error} className="field-error" />
    </li>
  );
}
