/**
 * After posting: who was mentioned but cannot read the page (they were not told, so the page
 * stays hidden from them). Whoever may manage the space's members lets them in with one click
 * (as readers of the space; the server then delivers the mention); others are told to ask the
 * space's owners.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserRef } from '@stafette/api';
import { FormError } from '../ui/FormError.tsx';
import { useAction } from '../ui/use-action.ts';
import { commentsApi } from './api.ts';

export interface MentionAccess {
  /** The thread the comment belongs to: the notice is shown there. */
  threadId: string;
  people: UserRef[];
  mayGrant: boolean;
}

export function MentionAccessNotice({ pageId, access, onClose }: { pageId: string; access: MentionAccess; onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  // The thread may be far down the page: bring the notice into view when it comes.
  useEffect(() => ref.current?.scrollIntoView({ block: 'nearest' }), [access]);
  return (
    <div ref={ref} className="mention-access" role="status" aria-live="polite">
      <ul>
        {access.people.map((person) => (
          <PersonAccess key={person.id} pageId={pageId} person={person} mayGrant={access.mayGrant} />
        ))}
      </ul>
      <button type="button" className="button button-ghost button-small" onClick={onClose}>
        {t('comments.closeNotice')}
      </button>
    </div>
  );
}

function PersonAccess({ pageId, person, mayGrant }: { pageId: string; person: UserRef; mayGrant: boolean }) {
  const { t } = useTranslation();
  const [granted, setGranted] = useState(false);
  const { busy, error, run } = useAction();
  const name = person.displayName;

  if (granted) return <li>{t('comments.accessGranted', { name })}</li>;
  return (
    <li>
      <strong>{t('comments.cannotRead', { name })}</strong>{' '}
      {mayGrant ? (
        <button
          type="button"
          className="button button-secondary button-small"
          disabled={busy}
          aria-label={t('comments.grantAccessFor', { name })}
          onClick={() =>
            void run(async () => {
              // Someone may have let them in meanwhile (perhaps with more rights): then nothing to change.
              const readers = await commentsApi.readers(pageId, [person.id]);
              if (!readers.some((r) => r.id === person.id)) await commentsApi.grantReader(pageId, person.id);
              setGranted(true);
            })
          }
        >
          {t('comments.grantAccess')}
        </button>
      ) : (
        <span>{t('comments.askOwner', { name })}</span>
      )}
      <FormError message={error} />
    </li>
  );
}
