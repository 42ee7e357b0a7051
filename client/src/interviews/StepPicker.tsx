/** Chooses a process step to attach an answer to: space, then process, then step. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../workspace/workspace.tsx';
import { useAsync } from '../ui/use-async.ts';
import { processesApi } from '../processes/api.ts';

export function StepPicker({ idPrefix, onPick, actionLabel }: { idPrefix: string; onPick(processId: string, elementId: string): Promise<void>; actionLabel?: string }) {
  const { t } = useTranslation();
  const { spaces } = useWorkspace();
  const [spaceId, setSpaceId] = useState('');
  const [processId, setProcessId] = useState('');
  const [elementId, setElementId] = useState('');
  const processes = useAsync(() => (spaceId ? processesApi.list(spaceId) : Promise.resolve([])), [spaceId]);
  const process = useAsync(() => (processId ? processesApi.get(processId) : Promise.resolve(null)), [processId]);
  const steps = process.status === 'done' && process.value ? process.value.steps.filter((s) => s.kind.endsWith('Task') || s.kind === 'task' || s.kind === 'subProcess' || s.kind === 'callActivity') : [];

  return (
    <div className="step-picker">
      <div className="step-picker-field">
        <label htmlFor={`${idPrefix}-space`}>{t('interviews.chooseSpace')}</label>
        <select id={`${idPrefix}-space`} value={spaceId} onChange={(e) => { setSpaceId(e.target.value); setProcessId(''); setElementId(''); }}>
          <option value="" />
          {spaces?.map((s) => (
            <option key={s.id} value={s.id}>{s.name}</option>
          ))}
        </select>
      </div>
      <div className="step-picker-field">
        <label htmlFor={`${idPrefix}-process`}>{t('interviews.chooseProcess')}</label>
        <select id={`${idPrefix}-process`} value={processId} disabled={!spaceId} onChange={(e) => { setProcessId(e.target.value); setElementId(''); }}>
          <option value="" />
          {processes.status === 'done' && processes.value.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
      </div>
      <div className="step-picker-field">
        <label htmlFor={`${idPrefix}-step`}>{t('interviews.chooseStep')}</label>
        <select id={`${idPrefix}-step`} value={elementId} disabled={!processId} onChange={(e) => setElementId(e.target.value)}>
          <option value="" />
          {steps.map((s) => <option key={s.elementId} value={s.elementId}>{s.name ?? s.elementId}</option>)}
        </select>
      </div>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={!elementId}
        onClick={() => void onPick(processId, elementId).then(() => setElementId(''))}
      >
        {actionLabel ?? t('interviews.attach')}
      </button>
    </div>
  );
}
