import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { RISK_HORIZON_DEFAULT_DAYS, RiskCsvSchema, RiskQuery, RiskResponseSchema } from '@stafette/api';
import { currentUser } from '../auth/auth.ts';
import { csvLine } from '../audit/csv.ts';
import { sendDownload } from '../http/download.ts';
import { readableSpaceIds } from '../policy/pages.ts';
import { canSeeRiskInterviews } from '../policy/knowledge.ts';
import type { RouteAccess } from '../policy/route-access.ts';
import { knowledgeRisk } from './risk-queries.ts';

const tags = ['knowledge-risk'];

/**
 * The knowledge-at-risk map: process steps ranked by how likely their knowledge walks out of
 * the door (formula in README.md). Every signed-in user sees the steps of the spaces they read;
 * a space or process they cannot read answers 404, as everywhere else.
 */
/** Both filters are optional; a space or process the caller cannot read answers 404. */
const access: RouteAccess = [
  { resource: 'space', action: 'read', id: 'query.spaceId', optional: true },
  { resource: 'process', action: 'view', id: 'query.processId', optional: true },
];

export const knowledgeRiskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function compute(request: FastifyRequest, query: { spaceId?: string; processId?: string; horizonDays?: number }) {
    const user = currentUser(request);
    const horizonDays = query.horizonDays ?? RISK_HORIZON_DEFAULT_DAYS;
    const readable = await readableSpaceIds(app.db, user);
    const result = await knowledgeRisk(app.db, readable, { spaceId: query.spaceId, processId: query.processId, horizonDays }, { withInterviews: canSeeRiskInterviews(user) });
    return { horizonDays, ...result };
  }

  app.get(
    '/knowledge-risk',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Process steps ranked by knowledge at risk (few or stale pages × experts leaving soon), highest first',
        description:
          'Only activities (tasks, sub-processes) of live processes in spaces the caller reads; only pages the caller reads count. ' +
          'score = round(100 × W × (0.4 + 0.6 × L)) with W the documentation weakness and L the share of the step’s edits by experts leaving within horizonDays; see server/src/knowledge-risk/README.md.',
        querystring: RiskQuery,
        response: { 200: RiskResponseSchema },
      },
    },
    async (request) => ({ ...(await compute(request, request.query)), generatedAt: new Date().toISOString() }),
  );

  app.get(
    '/knowledge-risk/export.csv',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The knowledge-at-risk list as CSV (same filters), for spreadsheets',
        querystring: RiskQuery,
        produces: ['text/csv'],
        response: { 200: RiskCsvSchema },
      },
    },
    async (request, reply) => {
      const result = await compute(request, request.query);
      // A byte order mark so spreadsheet programs read the umlauts as UTF-8; semicolon-free
      // quoting (csvLine) works in German Excel through the import dialog and in LibreOffice.
      let csv = '\uFEFF' + csvLine(['Risiko', 'Stufe', 'Bereich', 'Prozess', 'Schritt', 'Seiten', 'Zuletzt bearbeitet', 'Expert:innen (Abschied)', 'Gründe', 'Prozess-ID', 'Element-ID']);
      for (const s of result.steps) {
        const experts = s.experts.map((e) => (e.departureDate ? `${e.displayName} (${e.departureDate})` : e.active ? e.displayName : `${e.displayName} (ausgeschieden)`)).join('; ');
        csv += csvLine([s.score, LEVEL_DE[s.level], s.spaceName, s.processName, s.name, s.pageCount, s.lastEditedAt?.slice(0, 10) ?? '', experts, s.reasons.map((r) => r.text).join(' '), s.processId, s.elementId]);
      }
      const stamp = new Date().toISOString().slice(0, 10);
      return sendDownload(reply, { name: `wissensrisiko-${stamp}`, extension: 'csv', contentType: 'text/csv; charset=utf-8', body: csv });
    },
  );
};

const LEVEL_DE = { high: 'hoch', medium: 'mittel', low: 'niedrig' } as const;
