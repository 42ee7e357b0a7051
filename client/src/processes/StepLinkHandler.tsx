/**
 * Step links in page content (`step_link` nodes, rendered as a.step-link) open the process
 * view at that step inside the app: always for readers, with Ctrl/Cmd while editing, as page
 * links do. Listens in the capture phase so it runs before the editor's own click handling.
 */
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { parseStepHref } from '@stafette/schema';
import { processPath } from './paths.ts';

export function StepLinkHandler() {
  const navigate = useNavigate();
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0) return;
      const anchor = (event.target as Element | null)?.closest?.('a.step-link, a[data-process-id][data-element-id]');
      if (!anchor) return;
      const target = parseStepHref(anchor.getAttribute('href') ?? '');
      if (!target) return;
      const editing = anchor.closest('[contenteditable="true"]') !== null;
      if (editing && !event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      event.stopPropagation();
      navigate(processPath(target.processId, target.elementId));
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [navigate]);
  return null;
}
