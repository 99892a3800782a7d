import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemResponses } from '../../contracts/common.ts';
import { TtfvQuery, TtfvReport, TtfvSettings } from '../../contracts/ttfv.ts';
import { DigestSettings, Outcomes, OutcomesQuery, SupportReport, SupportReportQuery, SupportVolume, SupportVolumeQuery, TicketVolume, TicketVolumeQuery } from '../../contracts/insights.ts';
import type { ModuleRoutes } from '../app.ts';
import { requireAgent, requireWorkspace } from '../platform/auth/plugin.ts';
import { ttfvCsv } from './ttfv-csv.ts';

const tags = ['Reports'];

const routes: ModuleRoutes = async (base, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { insights } = services;
  app.get('/api/v1/reports/support', {
    schema: {
      tags,
      summary: 'Support metrics of docs/metrics.md per group (team, SLA policy, channel, agent, customer tier), with the previous period',
      querystring: SupportReportQuery,
      response: { 200: SupportReport, ...problemResponses },
    },
  }, (req) => insights.support(requireWorkspace(req).workspaceId, req.query));
  app.get('/api/v1/reports/support.csv', {
    schema: {
      tags,
      summary: 'The support report as CSV: one line per group and period',
      querystring: SupportReportQuery,
      response: { 200: z.string(), ...problemResponses },
    },
  }, async (req, reply) => {
    const csv = await insights.supportCsv(requireWorkspace(req).workspaceId, req.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="support-${req.query.group_by ?? 'none'}-${req.query.from.slice(0, 10)}.csv"`)
      .send(csv);
  });
  app.get('/api/v1/reports/support/volume', {
    schema: {
      tags,
      summary: 'Conversations per day beside the period before, and per hour of the week',
      querystring: SupportVolumeQuery,
      response: { 200: SupportVolume, ...problemResponses },
    },
  }, (req) => insights.volume(requireWorkspace(req).workspaceId, req.query));
  app.get('/api/v1/reports/outcomes', {
    schema: {
      tags,
      summary: 'Churn, expansion, contraction and net revenue retention of paying companies per support tier, SLA policy or segment; sign-up cohorts',
      querystring: OutcomesQuery,
      response: { 200: Outcomes, ...problemResponses },
    },
  }, (req) => insights.outcomes(requireWorkspace(req).workspaceId, req.query));
  app.get('/api/app/ttfv', { schema: { querystring: TtfvQuery, response: { 200: TtfvReport, ...problemResponses } } }, (req) =>
    insights.ttfv.report(requireWorkspace(req).workspaceId, req.query),
  );
  app.get('/api/app/ttfv.csv', { schema: { querystring: TtfvQuery, response: { 200: z.string(), ...problemResponses } } }, async (req, reply) => {
    const report = await insights.ttfv.report(requireWorkspace(req).workspaceId, req.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ttfv-${report.cohort_unit}-${req.query.from.slice(0, 10)}.csv"`)
      .send(ttfvCsv(report));
  });
  app.get('/api/app/ttfv/settings', { schema: { response: { 200: TtfvSettings, ...problemResponses } } }, (req) => insights.ttfv.settings(requireWorkspace(req).workspaceId));
  app.put('/api/app/ttfv/settings', { schema: { body: TtfvSettings, response: { 200: TtfvSettings, ...problemResponses } } }, (req) =>
    insights.ttfv.setSettings(requireAgent(req, ['owner', 'admin']).workspaceId, req.body),
  );
  app.get('/api/app/insights/ticket-volume', {
    schema: { querystring: TicketVolumeQuery, response: { 200: TicketVolume, ...problemResponses } },
  }, (req) => insights.ticketVolume(requireAgent(req).workspaceId, req.query));
  app.get('/api/app/insights/ticket-volume.csv', {
    schema: { querystring: TicketVolumeQuery, response: { 200: z.string(), ...problemResponses } },
  }, async (req, reply) => {
    const csv = await insights.ticketVolumeCsv(requireAgent(req).workspaceId, req.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ticket-volume-${req.query.unit ?? 'contact'}-${req.query.from.slice(0, 10)}.csv"`)
      .send(csv);
  });
  app.get('/api/app/insights/digest', { schema: { response: { 200: DigestSettings, ...problemResponses } } }, (req) => {
    const auth = requireAgent(req, ['owner', 'admin']);
    return insights.digest.get(auth.workspaceId, auth.agentId);
  });
  app.put('/api/app/insights/digest', { schema: { body: DigestSettings, response: { 200: DigestSettings, ...problemResponses } } }, (req) => {
    const auth = requireAgent(req, ['owner', 'admin']);
    return insights.digest.set(auth.workspaceId, auth.agentId, req.body.weekly_digest);
  });
};

export default routes;
