/** "Draw new process": the modeler on an empty diagram; saving imports it into the space. */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { spacesApi } from '../api/endpoints.ts';
import { useAsync } from '../ui/use-async.ts';
import { useActiveSpace } from '../workspace/workspace.tsx';
import { processesApi } from './api.ts';
import { emptyDiagram } from './empty-diagram.ts';
import { processPath } from './paths.ts';
import { ProcessModeler } from './ProcessModeler.tsx';
import './processes.css';
import { NotFound } from '../ui/NotFound.tsx';

export function NewProcessScreen() {
  const { t } = useTranslation();
  const { spaceId = '' } = useParams();
  const navigate = useNavigate();
  const space = useAsync(() => spacesApi.get(spaceId), [spaceId]);
  const xml = useMemo(() => emptyDiagram(), []);
  useActiveSpace(space.status === 'done' ? space.value.id : null);

  useEffect(() => {
    document.title = `${t('processes.modelerNewTitle')} – ${t('app.name')}`;
  }, [t]);

  if (space.status === 'loading') return <p className="content muted">{t('common.loading')}</p>;
  if (space.status === 'error') return <NotFound error={space.error} />;
  if (!space.value.permissions.canManage) return <NotFound />;
  return (
    <ProcessModeler
      xml={xml}
      processName={null}
      save={(model) => processesApi.import(spaceId, model)}
      onSaved={(result) => navigate(processPath(result.id))}
      onCancel={() => navigate(`/spaces/${spaceId}`)}
    />
  );
}
