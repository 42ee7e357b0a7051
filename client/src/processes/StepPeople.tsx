/**
 * Who answers for a step, in its side panel: the responsible role (the lane's name unless set)
 * and named contacts ("Ansprechpartner:in für diesen Schritt"). Editors change both; contacts are
 * picked from the members of the process's space.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STEP_CONTACTS_MAX, STEP_ROLE_MAX_LENGTH } from '@stafette/api/limits';
import type { StepPeople as People } from '@stafette/api';
import { spacesApi } from '../api/endpoints.ts';
import { errorMessage } from '../ui/errors.ts';
import { FormError } from '../ui/FormError.tsx';
import { Loaded } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { processesApi } from './api.ts';

interface Props {
  processId: string;
  spaceId: string;
  elementId: string;
  canEdit: boolean;
}

export function StepPeople({ processId, spaceId, elementId, canEdit }: Props) {
  const { t } = useTranslation();
  const people = useAsync(() => processesApi.people(processId, elementId), [processId, elementId]);
  const [editing, setEditing] = useState(false);
  const [status, setStatus] = useState('');

  return (
    <section aria-labelledby="step-people-title" className="step-people">
      <h3 id="step-people-title">{t('processes.people')}</h3>
      <Loaded state={people}>
        {(value) =>
          editing ? (
            <PeopleForm
              processId={processId}
              spaceId={spaceId}
              people={value}
              onCancel={() => setEditing(false)}
              onSaved={() => {
                setEditing(false);
                setStatus(t('processes.peopleSaved'));
                people.reload();
              }}
            />
          ) : (
            <>
              <dl className="step-facts">
                <dt>{t('processes.role')}</dt>
                <dd data-testid="step-role">
                  {value.role ?? t('processes.roleNone')}
                  {value.roleFromLane && value.laneName && <span className="muted"> ({t('processes.roleFromLane', { lane: value.laneName })})</span>}
                </dd>
                <dt>{t('processes.contacts')}</dt>
                <dd>
                  {value.contacts.length === 0 ? (
                    <span className="muted">{t('processes.contactsNone')}</span>
                  ) : (
                    <ul className="step-contacts" data-testid="step-contacts">
                      {value.contacts.map((contact) => (
                        <li key={contact.id}>
                          {contact.active ? <a href={`mailto:${contact.email}`}>{contact.displayName}</a> : contact.displayName}
                          {!contact.active && <span className="muted"> ({t('processes.contactInactive')})</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </dl>
              {canEdit && (
                <button type="button" className="button button-secondary button-small" onClick={() => setEditing(true)}>
                  {t('processes.editPeople')}
                </button>
              )}
            </>
          )
        }
      </Loaded>
      {/* aria-live, not role=status: the panel has one status region (attach and detach messages). */}
      <p aria-live="polite" className="visually-hidden">
        {status}
      </p>
    </section>
  );
}

function PeopleForm({ processId, spaceId, people, onCancel, onSaved }: { processId: string; spaceId: string; people: People; onCancel(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const members = useAsync(() => spacesApi.members(spaceId), [spaceId]);
  const [role, setRole] = useState(people.roleFromLane ? '' : (people.role ?? ''));
  const [chosen, setChosen] = useState<string[]>(people.contacts.map((c) => c.id));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (userId: string, on: boolean) => setChosen((list) => (on ? [...list, userId].slice(0, STEP_CONTACTS_MAX) : list.filter((id) => id !== userId)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await processesApi.setPeople(processId, people.elementId, { role: role.trim() === '' ? null : role.trim(), contactIds: chosen });
      onSaved();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="people-form">
      <label htmlFor="step-role-input">{t('processes.role')}</label>
      <input
        id="step-role-input"
        value={role}
        maxLength={STEP_ROLE_MAX_LENGTH}
        placeholder={people.laneName ?? ''}
        aria-describedby="step-role-hint"
        onChange={(event) => setRole(event.target.value)}
      />
      <p id="step-role-hint" className="muted">
        {t('processes.roleHint')}
      </p>
      <fieldset>
        <legend>{t('processes.pickContacts')}</legend>
        <Loaded state={members}>
          {(list) => (
            <ul className="people-choices">
              {list
                .filter((member) => member.active || chosen.includes(member.userId))
                .map((member) => (
                  <li key={member.userId}>
                    <label>
                      <input type="checkbox" checked={chosen.includes(member.userId)} onChange={(event) => toggle(member.userId, event.target.checked)} /> {member.displayName}
                    </label>
                  </li>
                ))}
            </ul>
          )}
        </Loaded>
      </fieldset>
      <FormError message={error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {t('processes.savePeople')}
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {t('processes.cancel')}
        </button>
      </div>
    </form>
  );
}
