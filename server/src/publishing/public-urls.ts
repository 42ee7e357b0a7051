import type { FastifyRequest } from 'fastify';

/** Addresses on the public portal. Absolute ones use STAFETTE_PUBLIC_URL, else the request's own origin. */
export function originOf(request: FastifyRequest): string {
  return (request.server.config.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
}

export const PORTAL = '/public';
export const publicPagePath = (pageId: string) => `${PORTAL}/pages/${encodeURIComponent(pageId)}`;
export const publicProcessPath = (processId: string) => `${PORTAL}/processes/${encodeURIComponent(processId)}`;
/** A step's anchor on its process's public page. */
export const stepAnchor = (elementId: string) => `schritt-${elementId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
