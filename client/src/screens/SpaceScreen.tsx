/** A space: its name, description, the caller's role and the top level of its page tree. */
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { spacesApi } from '../api/endpoints.ts';
import { asLoadState, Loaded, ScreenPending } from '../ui/Loaded.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useActiveSpace, useWorkspace } from '../workspace/workspace.tsx';
import { useFormat } from '../i18n/format.ts';
import { spaceRoleLabel } from './space-role.ts';
import { SpaceProcesses } from '../processes/SpaceProcesses.tsx';
import { SpaceClassification } from '../classification/SpaceClassification.tsx';
import { NewPageDialog } from '../templates/NewPageDialog.tsx';
import { KeepOffline } from '../offline/KeepOffline.tsx';

export function SpaceScreen() {
  const { t } = useTranslation();
  const { spaceId = '' } = useParams();
  const [creating, setCreating] = useState(false);
  const format = useFormat();
  const space = useAsync(() => spacesApi.get(spaceId), [spaceId]);
  const { tree, reloadTree } = useWorkspace();
  useActiveSpace(space.status === 'done' ? space.value.id : null);

  useDocumentTitle(space.status === 'done' ? space.value.name : null);

  if (space.status !== 'done') return <ScreenPending state={space} />;

  const value = space.value;

  return (
    <div className="content">
      <header className="space-header">
        <div>
          <h1>{value.name}</h1>
          {value.description && <p className="space-description">{value.description}</p>}
          <p className="muted">{spaceRoleLabel(value, t)}</p>
        </div>
        <div className="space-header-actions">
          <Link className="button button-secondary" to={`/spaces/${value.id}/templates`}>
            {t('templates.galleryLink')}
          </Link>
          {value.permissions.canManage && !value.archived && (
            <Link className="button button-secondary" to={`/spaces/${value.id}/import`}>
              {t('templates.importLink')}
            </Link>
          )}
          {value.permissions.canCreatePages && (
            <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
              {t('tree.newPage')}
            </button>
          )}
        </div>
      </header>
      {value.permissions.canCreatePages && <NewPageDialog spaceId={value.id} open={creating} onClose={() => setCreating(false)} onCreated={reloadTree} />}
      <SpaceClassification
        space={value}
        onChanged={(updated) => {
          space.set(updated);
          // Pages inherit the space's level: the tree shows the new one.
          void reloadTree();
        }}
      />
      <KeepOffline space={value} />
      {!value.permissions.canCreatePages && <p className="banner banner-info">{t('space.readOnlyHint')}</p>}
      <section aria-labelledby="space-pages-heading">
        <h2 id="space-pages-heading">{t('space.pages')}</h2>
        <Loaded state={asLoadState(tree)} empty={t('space.emptyTree')}>
          {(nodes) => (
            <ul className="page-list">
              {nodes.map((node) => (
                <li key={node.id}>
                  <Link to={`/pages/${node.id}`} className="page-list-title">
                    {node.title}
                  </Link>
                  {node.children.length > 0 && <span className="page-list-meta">{t('home.pageCount', { count: node.children.length, formattedCount: format.number(node.children.length) })}</span>}
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      </section>
      <SpaceProcesses space={value} />
    </div>
  );
}
