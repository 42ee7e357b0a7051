import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DashboardSchema } from '@stafette/api';
import { dashboardFigures } from './figures.ts';

/**
 * The state at a glance for management: documentation coverage over time, knowledge at risk by
 * office, reviews on time and overdue, exit interviews, and what searches did not find.
 * Knowledge managers and admins only (it spans every space).
 */
export const dashboardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/dashboard',
    {
      config: { access: { resource: 'instance', action: 'dashboard.read' } },
      schema: {
        tags: ['dashboard'],
        summary: 'The figures of the management dashboard (knowledge managers and admins)',
        description: 'Organisation-wide counts of steps, pages, interviews and searches; nothing here counts what a person did.',
        response: { 200: DashboardSchema },
      },
    },
    async () => dashboardFigures(app.db),
  );
};
