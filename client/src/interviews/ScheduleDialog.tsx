/** Knowledge managers and admins schedule an interview: who leaves, who asks, who follows, when. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { INTERVIEW_SUBJECT_ROLE_MAX_LENGTH } from '@stafette/api/limits';
import { Dialog } from '../ui/Dialog.tsx';
import { useAsync } from '../ui/use-async.ts';
import { errorMessage } from '../ui/errors.ts';
import { interviewsApi } from './api.ts';
import { FormError } from '../ui/FormError.tsx';
import { DialogActions } from '../ui/DialogActions.tsx';

export function ScheduleDialog({ open, onClose, onScheduled }: { open: boolean; onClose(): void; onScheduled(id: string): void }) {
  const { t } = useTranslation();
  const users = useAsync(() => (open ? interviewsApi.users() : Promise.resolve([])), [open]);
  const [subject, setSubject] = useState('');
  const [interviewer, setInterviewer] = useState('');
  const [successor, setSuccessor] = useState('');
  const [role, setRole] = useState('');
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const people = users.status === 'done' ? users.value.filter((u) => u.active) : [];

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await interviewsApi.create({
        subjectUserId: subject,
        interviewerId: interviewer,
        successorId: successor || null,
        departureDate: date,
        subjectRole: role.trim() || null,
      });
      onScheduled(created.id);
    } catch (err) {
      setError(errorMessage(err, t));
    } finally {
      setBusy(false);
    }
  }

  const select = (id: string, label: string, value: string, onChange: (v: string) => void, optional = false) => (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required={!optional}>
        <option value="">{optional ? t('interviews.noSuccessor') : ''}</option>
        {people.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName} ({u.email})
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <Dialog title={t('interviews.scheduleTitle')} open={open} onClose={onClose}>
      <form onSubmit={(e) => void submit(e)}>
        {select('interview-subject', t('interviews.subject'), subject, setSubject)}
        <div className="field">
          <label htmlFor="interview-role">{t('interviews.subjectRole')}</label>
          <input id="interview-role" value={role} onChange={(e) => setRole(e.target.value)} aria-describedby="interview-role-hint" maxLength={INTERVIEW_SUBJECT_ROLE_MAX_LENGTH} />
          <p id="interview-role-hint" className="field-hint">
            {t('interviews.subjectRoleHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor="interview-date">{t('interviews.departureDate')}</label>
          <input id="interview-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
        </div>
        {select('interview-interviewer', t('interviews.interviewer'), interviewer, setInterviewer)}
        {select('interview-successor', t('interviews.successor'), successor, setSuccessor, true)}
        <FormError message={error} className="field-error" />
        <DialogActions onCancel={onClose} submitLabel={t('common.create')} busy={busy} />
      </form>
    </Dialog>
  );
}
