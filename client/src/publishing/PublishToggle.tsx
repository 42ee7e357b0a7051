/**
 * "Veröffentlichen": space owners put a page (optionally with its sub-pages) or a process on the
 * public citizen portal and take it off again; the public address is shown to copy. Readers see
 * only the address of what is already published. Content not classified public cannot be
 * published: the switch is disabled and says why.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Publication } from '@stafette/api';
import { publishingApi, type PublishTarget } from './api.ts';
import './publishing.css';

interface Props {
  target: PublishTarget;
  id: string;
  /** The caller owns the space (may publish); others only see the public address. */
  canManage: boolean;
}

export function PublishToggle({ target, id, canManage }: Props) {
  const { t } = useTranslation();
  const groupId = useId();
  const hintId = useId();
  const [state, setState] = useState<Publication | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let stale = false;
    void publishingApi.status(target, id).then(
      (p) => !stale && setState(p),
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [target, id]);

  if (!state || (!canManage && !state.published)) return null;

  async function change(publish: boolean, subtree: boolean) {
    const before = state!;
    // The switch follows the click at once; the server's answer (or the old state on failure) replaces it.
    setState({ ...before, published: publish, subtree });
    setBusy(true);
    try {
      const next = publish ? await publishingApi.publish(target, id, subtree) : await publishingApi.unpublish(target, id);
      setState(next);
      setMessage(t(next.published ? 'publishing.published' : 'publishing.unpublished'));
    } catch {
      setState(before);
      setMessage(t('publishing.failed'));
    } finally {
      setBusy(false);
    }
  }

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setMessage(t('publishing.copied'));
    } catch {
      setMessage(t('publishing.copyFailed'));
    }
  }

  const leftOut = state.published && state.leftOut > 0 ? t(target === 'pages' ? 'publishing.leftOutPages' : 'publishing.leftOutProcess', { count: state.leftOut }) : '';
  return (
    <div className="publish-panel" role="group" aria-labelledby={groupId}>
      <span id={groupId} className="publish-title">
        {t('publishing.group')}
      </span>
      {canManage && (
        <div className="publish-controls">
          <label>
            <input
              type="checkbox"
              role="switch"
              checked={state.published}
              disabled={busy || (!state.publishable && !state.published)}
              aria-describedby={state.publishable ? undefined : hintId}
              onChange={(event) => void change(event.target.checked, state.subtree)}
            />{' '}
            {t('publishing.toggle')}
          </label>
          {target === 'pages' && (
            <label>
              <input type="checkbox" checked={state.subtree} disabled={busy || !state.published} onChange={(event) => void change(true, event.target.checked)} /> {t('publishing.subtree')}
            </label>
          )}
        </div>
      )}
      {canManage && !state.publishable && (
        <p id={hintId} className="publish-hint">
          {t('publishing.notPublic')}
        </p>
      )}
      {state.publicUrl && (
        <p className="publish-url">
          {t('publishing.publicAt')}{' '}
          <a href={state.publicUrl} target="_blank" rel="noopener noreferrer">
            {state.publicUrl}
          </a>{' '}
          <button type="button" className="button button-ghost button-small" onClick={() => void copy(state.publicUrl!)}>
            {t('publishing.copy')}
          </button>
        </p>
      )}
      {leftOut && <p className="publish-hint">{leftOut}</p>}
      <p className="visually-hidden" role="status">
        {message}
      </p>
    </div>
  );
}
