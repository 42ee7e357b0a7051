/** A polite status message (announced by screen readers) that hides itself after a while. */
import { useEffect } from 'react';

export function Notice({ message, onDone, tone = 'info', timeoutMs = 8000 }: { message: string | null; onDone(): void; tone?: 'info' | 'error'; timeoutMs?: number }) {
  useEffect(() => {
    if (!message) return;
    const timer = setTimeout(onDone, timeoutMs);
    return () => clearTimeout(timer);
  }, [message, onDone, timeoutMs]);
  return (
    <div role="status" aria-live="polite" className={message ? `notice notice-${tone}` : 'notice-empty'}>
      {message}
    </div>
  );
}
