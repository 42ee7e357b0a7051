/** Calls of the classification routes (scheme, page and space levels). */
import type { ClassificationKey, ClassificationScheme, Page, Space, UpdateClassificationSchemeInput } from '@stafette/api';
import { api } from '../api/http.ts';

export const classificationApi = {
  scheme: () => api.get<ClassificationScheme>('/admin/classification'),
  updateScheme: (input: UpdateClassificationSchemeInput) => api.put<ClassificationScheme>('/admin/classification', input),
  /** The page's own level; null: inherit from the space and the pages above. */
  classifyPage: (pageId: string, classification: ClassificationKey | null) => api.patch<Page>(`/pages/${pageId}`, { classification }),
  classifySpace: (spaceId: string, classification: ClassificationKey) => api.patch<Space>(`/spaces/${spaceId}`, { classification }),
};
