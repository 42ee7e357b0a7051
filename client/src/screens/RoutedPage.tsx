/**
 * The page the address names (`/pages/:pageId…`), loaded and marked as the active space so the
 * sidebar shows its tree; the loading or not-found screen meanwhile. `replace` swaps in a newer
 * copy (after a rename) without loading again.
 */
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import type { Page } from '@stafette/api';
import { pagesApi } from '../api/endpoints.ts';
import { ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useActiveSpace } from '../workspace/workspace.tsx';

export function RoutedPage({ children }: { children(page: Page, replace: (page: Page) => void): ReactNode }) {
  const { pageId = '' } = useParams();
  const page = useAsync(() => pagesApi.get(pageId), [pageId]);
  useActiveSpace(page.status === 'done' ? page.value.spaceId : null);
  if (page.status !== 'done') return <ScreenPending state={page} />;
  return <>{children(page.value, page.set)}</>;
}
