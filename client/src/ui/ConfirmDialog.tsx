/**
 * Asks before a step that is hard to take back: an alertdialog with the question, the way out
 * (first, so it has the focus when the dialog opens) and the button that takes the step.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog.tsx';

interface Props {
  title: string;
  open: boolean;
  question: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  /** Closes the dialog without taking the step. */
  onCancel(): void;
  /** The way out's label; "Cancel" unless the step needs a plainer one ("Keep editing"). */
  cancelLabel?: string;
  /** `primary` for steps that lose nothing (restoring a version adds one on top). */
  tone?: 'danger' | 'primary';
}

export function ConfirmDialog({ title, open, question, confirmLabel, onConfirm, onCancel, cancelLabel, tone = 'danger' }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} open={open} onClose={onCancel} role="alertdialog">
      <p>{question}</p>
      <div className="dialog-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {cancelLabel ?? t('common.cancel')}
        </button>
        <button type="button" className={`button button-${tone}`} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
