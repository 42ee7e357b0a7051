/**
 * Tells the user that edits they made offline were refused by the server and lets them keep
 * the text (copy or download) before they, and only they, discard the local copy.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';
import { Notice } from '../ui/Notice.tsx';
import { deleteLocalDoc } from './local-docs.ts';
import { downloadText, insertedText, localMarkdown } from './unsent-text.ts';
import './offline.css';

const MAX_PREVIEW = 600;

interface Props {
  refused: Uint8Array;
  ydoc: Y.Doc;
  userId: string;
  pageId: string;
  title: string;
  /** The server closed the connection for good (access revoked) rather than refusing edits. */
  closed: boolean;
}

export function RefusedEditsBanner({ refused, ydoc, userId, pageId, title, closed }: Props) {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<string | null>(null);
  const [confirm, setConfirm] = useState(false);
  const inserted = useMemo(() => insertedText(refused), [refused]);
  const clearNotice = useCallback(() => setNotice(null), []);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(localMarkdown(ydoc));
      setNotice(t('offline.copied'));
    } catch {
      setNotice(t('offline.copyFailed'));
    }
  };

  const discard = async () => {
    setConfirm(false);
    await deleteLocalDoc(userId, pageId);
    window.location.reload();
  };

  return (
    <section className="banner banner-error refused-edits" role="alert" aria-labelledby="refused-title">
      <h2 id="refused-title" className="banner-title">
        {t('offline.refusedTitle')}
      </h2>
      <p>{closed ? t('offline.refusedClosedText') : t('offline.refusedText')}</p>
      {inserted && (
        <figure className="refused-preview">
          <figcaption>{t('offline.refusedInserted')}</figcaption>
          <blockquote>{inserted.length > MAX_PREVIEW ? `${inserted.slice(0, MAX_PREVIEW)} …` : inserted}</blockquote>
        </figure>
      )}
      <div className="banner-actions">
        <button type="button" className="button button-secondary button-small" onClick={() => void copy()}>
          {t('offline.copy')}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => downloadText(`${title}.md`, localMarkdown(ydoc))}>
          {t('offline.download')}
        </button>
        <button type="button" className="button button-ghost button-small" onClick={() => setConfirm(true)}>
          {t('offline.discard')}
        </button>
      </div>
      <ConfirmDialog
        title={t('offline.discardTitle')}
        open={confirm}
        question={t('offline.discardConfirm')}
        confirmLabel={t('offline.discard')}
        onConfirm={() => void discard()}
        onCancel={() => setConfirm(false)}
      />
      <Notice message={notice} onDone={clearNotice} />
    </section>
  );
}
