/** Start page: recently changed pages, the user's own pages and their spaces. */
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PageListItem } from '@stafette/api';
import { pagesApi } from '../api/endpoints.ts';
import { useFormat } from '../i18n/format.ts';
import { useUser } from '../session/session.tsx';
import { asLoadState, Loaded } from '../ui/Loaded.tsx';
import { useAsync, type AsyncState } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useWorkspace } from '../workspace/workspace.tsx';
import { spaceRoleLabel } from './space-role.ts';
import { DueReviews } from '../knowledge/DueReviews.tsx';
import { ReadingPathCard } from '../onboarding/ReadingPathCard.tsx';

export function HomeScreen() {
  const { t } = useTranslation();
  const user = useUser();
  const { spaces } = useWorkspace();
  const recent = useAsync(() => pagesApi.recent(), []);
  const mine = useAsync(() => pagesApi.mine(), []);
  useDocumentTitle(t('home.title'));

  return (
    <div className="content content-wide">
      <h1>{t('home.greeting', { name: user.displayName })}</h1>
      <ReadingPathCard />
      <DueReviews />
      <div className="home-grid">
        <section aria-labelledby="recent-heading" className="panel">
          <h2 id="recent-heading">{t('home.recent')}</h2>
          <PageList state={recent} empty={t('home.recentEmpty')} />
        </section>
        <section aria-labelledby="mine-heading" className="panel">
          <h2 id="mine-heading">{t('home.mine')}</h2>
          <PageList state={mine} empty={t('home.mineEmpty')} />
        </section>
      </div>
      <section aria-labelledby="spaces-home-heading" className="home-spaces">
        <h2 id="spaces-home-heading">{t('home.spaces')}</h2>
        <Loaded state={asLoadState(spaces)} empty={t('home.spacesEmpty')}>
          {(list) => (
            <ul className="space-cards">
              {list.map((space) => (
                <li key={space.id}>
                  <Link to={`/spaces/${space.id}`} className="space-card">
                    <span className="space-card-name">{space.name}</span>
                    {space.description && <span className="space-card-description">{space.description}</span>}
                    <span className="space-card-role">{spaceRoleLabel(space, t)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
    </div>
  );
}

function PageList({ state, empty }: { state: AsyncState<PageListItem[]>; empty: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Loaded state={state} empty={empty}>
      {(pages) => (
        <ul className="page-list">
          {pages.slice(0, 10).map((page) => (
            <li key={page.id}>
              <Link to={`/pages/${page.id}`} className="page-list-title">
                {page.title}
              </Link>
              <span className="page-list-meta">
                {t('home.inSpace', { space: page.spaceName })} · <time dateTime={page.updatedAt} title={format.dateTime(page.updatedAt)}>{t('home.changed', { when: format.relative(page.updatedAt) })}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Loaded>
  );
}
