/** The count of pages whose offline edits still wait for the server, visible on every screen. */
import { useTranslation } from 'react-i18next';
import { useUser } from '../session/session.tsx';
import { usePendingPages } from './use-kept.ts';
import './offline.css';

export function PendingEdits() {
  const { t } = useTranslation();
  const user = useUser();
  const count = usePendingPages(user.id).length;
  return (
    <div className="pending-edits" role="status" title={count > 0 ? t('offline.pendingHint') : undefined}>
      {count > 0 && t('offline.pending', { count })}
    </div>
  );
}
