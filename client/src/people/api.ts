/** Calls of the people directory (server/src/people/routes.ts). */
import type { PeopleResult, Person, PersonTags, PersonTagsInput } from '@stafette/api';
import { api } from '../api/http.ts';

export const peopleApi = {
  search: (q: string) => api.get<PeopleResult>(`/people?${new URLSearchParams({ q }).toString()}`),
  get: (id: string) => api.get<Person>(`/people/${id}`),
  saveTags: (input: PersonTagsInput) => api.put<PersonTags>('/people/me/tags', input),
};
