/** "Draw new process": the modeler on an empty diagram; saving imports it into the space. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { spacesApi } from '../api/endpoints.ts';
import { ScreenPending } from '../ui/Loaded.tsx';
import { NotFound } from '../ui/NotFound.tsx';
import { useAsync } from '../ui/use-async.ts';
import { useDocumentTitle } from '../ui/use-document-title.ts';
import { useActiveSpace } from '../workspace/workspace.tsx';
import { processesApi } from './api.ts';
import { emptyDiagram } from './empty-diagram.ts';
import { processPath } from './paths.ts';
import { ProcessModeler } from './ProcessModeler.tsx';
import './processes.css';

export function NewProcessScreen() {
  const { t } = useTranslation();
  const { spaceId = '' } = useParams();
  const navigate = useNavigate();
  const space = useAsync(() => spacesApi.get(spaceId), [spaceId]);
  const xml = useMemo(() => emptyDiagram(), []);
  useActiveSpace(space.status === 'done' ? space.value.id : null);

  useDocumentTitle(t('processes.modelerNewTitle'));

  if (space.status !== 'done') return <ScreenPending state={space} />;
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
