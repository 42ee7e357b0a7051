/**
 * The bpmn-js Modeler for process owners: change a process and save it as a new version, or
 * draw a new one. Saving sends the XML to the API, which matches steps by element id, so pages
 * stay on every step the drawing keeps.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import Modeler from 'bpmn-js/lib/Modeler';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import { PROCESS_NAME_MAX_LENGTH } from '@stafette/api/limits';
import type { ImportResult, VersionResult } from '@stafette/api';
import { ApiError } from '../api/http.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import type { Canvas, DiagramHost, EventBus } from './bpmn-services.ts';

interface Props {
  xml: string;
  /** Null for a new process: the user names it here. */
  processName: string | null;
  save(xml: string): Promise<ImportResult | VersionResult>;
  onSaved(result: ImportResult | VersionResult): void;
  onCancel(): void;
}

export function ProcessModeler({ xml, processName, save, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const containerRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<DiagramHost | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [dirty, setDirty] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const isNew = processName === null;

  useEffect(() => {
    const modeler = new Modeler({ container: containerRef.current! }) as unknown as DiagramHost;
    modelerRef.current = modeler;
    let cancelled = false;
    modeler.get<EventBus>('eventBus').on('commandStack.changed', () => setDirty(true));
    modeler.importXML(xml).then(
      () => {
        if (cancelled) return;
        modeler.get<Canvas>('canvas').zoom('fit-viewport', 'auto');
      },
      (error: Error) => !cancelled && setLoadError(t('processes.modelerFailed', { reason: error.message })),
    );
    return () => {
      cancelled = true;
      modeler.destroy();
      modelerRef.current = null;
    };
  }, [xml, t]);

  // Leaving the page with unsaved drawing asks first (the browser's own prompt).
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const modeler = modelerRef.current;
    if (!modeler || saving) return;
    if (isNew && !name.trim()) {
      setNameError(t('processes.processNameRequired'));
      return;
    }
    setNameError(null);
    setSaveError(null);
    setSaving(true);
    try {
      if (isNew) {
        // The import names the process after the BPMN process element's name.
        const root = modeler.get<Canvas>('canvas').getRootElement();
        (root.businessObject as { name?: string }).name = name.trim();
      }
      const { xml: saved } = await modeler.saveXML({ format: true });
      const result = await save(saved!);
      setDirty(false);
      onSaved(result);
    } catch (error) {
      const reason = error instanceof ApiError ? error.problem.detail || error.problem.title || error.message : (error as Error).message;
      setSaveError(t('processes.saveFailed', { reason }));
      setSaving(false);
    }
  };

  return (
    <div className="process-screen modeler-screen">
      <form className="process-header modeler-header" onSubmit={(event) => void submit(event)}>
        <div className="process-title-row">
          <div>
            <h1 className="process-title">{isNew ? t('processes.modelerNewTitle') : t('processes.modelerTitle', { name: processName })}</h1>
            <p className="process-meta">{t('processes.modelerHelp')}</p>
          </div>
          <div className="process-actions">
            <button type="button" className="button button-secondary" onClick={() => (dirty ? setConfirmDiscard(true) : onCancel())}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button-primary" disabled={saving || loadError !== null}>
              {saving ? t('processes.saving') : isNew ? t('processes.saveNew') : t('processes.saveVersion')}
            </button>
          </div>
        </div>
        {isNew && (
          <div className="field modeler-name">
            <label htmlFor="process-name">{t('processes.processName')}</label>
            <input
              id="process-name"
              type="text"
              value={name}
              maxLength={PROCESS_NAME_MAX_LENGTH}
              onChange={(event) => setName(event.target.value)}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'process-name-error' : undefined}
            />
            {nameError && (
              <p id="process-name-error" className="field-error" role="alert">
                {nameError}
              </p>
            )}
          </div>
        )}
        {(loadError ?? saveError) && (
          <p className="form-error" role="alert">
            {loadError ?? saveError}
          </p>
        )}
      </form>
      <div ref={containerRef} className="modeler-canvas" />
      <ConfirmDialog
        title={t('processes.discardTitle')}
        open={confirmDiscard}
        question={t('processes.discardText')}
        confirmLabel={t('processes.discard')}
        cancelLabel={t('processes.keepEditing')}
        onConfirm={onCancel}
        onCancel={() => setConfirmDiscard(false)}
      />
    </div>
  );
}
