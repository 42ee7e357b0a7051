/**
 * Calls of the processes API. JSON goes through the shared `api` helper; BPMN XML travels raw
 * (application/xml both ways), which that helper does not speak, so it has its own fetch here.
 */
import type {
  AttachedPage,
  Coverage,
  ImportResult,
  Landscape,
  PageStep,
  Process,
  ProcessSettingsInput,
  ProcessSummary,
  ProcessVersion,
  StepPeople,
  StepPeopleInput,
  VersionCompare,
  VersionResult,
} from '@stafette/api';
import { api, ApiError, getCsrfToken, type ReceivedProblem } from '../api/http.ts';

const step = (processId: string, elementId: string) => `/processes/${processId}/steps/${encodeURIComponent(elementId)}`;

export const processesApi = {
  list: (spaceId: string) => api.get<ProcessSummary[]>(`/processes?spaceId=${spaceId}`),
  get: (id: string) => api.get<Process>(`/processes/${id}`),
  coverage: (id: string) => api.get<Coverage>(`/processes/${id}/coverage`),
  bpmn: (id: string, version?: number) => fetchXml(`/processes/${id}/bpmn${version ? `?version=${version}` : ''}`),
  versions: (id: string) => api.get<ProcessVersion[]>(`/processes/${id}/versions`),
  landscape: (spaceId: string) => api.get<Landscape>(`/processes/landscape?spaceId=${spaceId}`),
  updateSettings: (id: string, input: ProcessSettingsInput) => api.patch<void>(`/processes/${id}`, input),
  people: (id: string, elementId: string) => api.get<StepPeople>(`${step(id, elementId)}/people`),
  setPeople: (id: string, elementId: string, input: StepPeopleInput) => api.put<StepPeople>(`${step(id, elementId)}/people`, input),
  compare: (id: string, from: number, to: number) => api.get<VersionCompare>(`/processes/${id}/compare?from=${from}&to=${to}`),
  markReviewed: (id: string, elementId: string, pageId: string) => api.post<void>(`${step(id, elementId)}/pages/${pageId}/review`, undefined),
  /** Download address of an export (bpmn with page links, svg, png). */
  exportHref: (id: string, format: 'bpmn' | 'svg' | 'png' | 'pdf' | 'docx' | 'odt') => `/api/v1/processes/${id}/export?format=${format}`,
  stepPages: (id: string, elementId: string) => api.get<AttachedPage[]>(`${step(id, elementId)}/pages`),
  attach: (id: string, elementId: string, pageId: string) => api.put<void>(`${step(id, elementId)}/pages/${pageId}`, undefined),
  detach: (id: string, elementId: string, pageId: string) => api.delete<void>(`${step(id, elementId)}/pages/${pageId}`),
  pageSteps: (pageId: string) => api.get<PageStep[]>(`/pages/${pageId}/steps`),
  /** A new process from BPMN XML (a string from the modeler or a file the user picked). */
  import: (spaceId: string, xml: string | Blob, fileName?: string) =>
    sendXml<ImportResult>(`/processes/import?spaceId=${spaceId}${fileName ? `&fileName=${encodeURIComponent(fileName)}` : ''}`, xml),
  addVersion: (id: string, xml: string | Blob, fileName?: string) =>
    sendXml<VersionResult>(`/processes/${id}/versions${fileName ? `?fileName=${encodeURIComponent(fileName)}` : ''}`, xml),
};

async function fetchXml(path: string): Promise<string> {
  const response = await fetch(`/api/v1${path}`, { headers: { accept: 'application/xml' }, credentials: 'same-origin' });
  if (!response.ok) throw await problemOf(response);
  return response.text();
}

/**
 * A Blob (a picked file) goes as its bytes: the server decodes them by the XML declaration,
 * so a windows-1252 export arrives intact.
 */
async function sendXml<T>(path: string, xml: string | Blob): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/xml' };
  const csrf = getCsrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(`/api/v1${path}`, { method: 'POST', headers, credentials: 'same-origin', body: xml });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

async function problemOf(response: Response): Promise<ApiError> {
  let problem: ReceivedProblem = { title: response.statusText };
  try {
    problem = (await response.json()) as ReceivedProblem;
  } catch {
    // Not problem+json (a proxy's error page): the status text has to do.
  }
  return new ApiError(response.status, problem);
}
