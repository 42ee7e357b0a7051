/** Addresses of the process screens; step addresses match @stafette/schema's stepHref. */
import { stepHref } from '@stafette/schema';

export function processPath(processId: string, elementId?: string): string {
  return elementId ? stepHref(processId, elementId) : `/processes/${encodeURIComponent(processId)}`;
}

export const newProcessPath = (spaceId: string) => `/spaces/${encodeURIComponent(spaceId)}/processes/new`;

export const landscapePath = (spaceId: string) => `/spaces/${encodeURIComponent(spaceId)}/processes`;

export const comparePath = (processId: string, from: number, to: number) => `/processes/${encodeURIComponent(processId)}/compare?from=${from}&to=${to}`;
