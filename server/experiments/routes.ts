import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  AnalysisResult,
  AnalyzeUploadBody,
  ExperimentCreate,
  ExperimentView,
  FlagEvaluateBody,
  FlagEvaluation,
  HoldoutBody,
  HoldoutView,
  MAX_UPLOAD_BYTES,
  RegistrationUpdate,
  SampleSize,
  SampleSizeBody,
} from '../../contracts/experiments.ts';
import { ExperimentReport, ReportQuery, ShareLink, ShareLinkCreated } from '../../contracts/experiment-report.ts';
import type { ModuleRoutes } from '../app.ts';
import { requireWorkspace } from '../platform/auth/plugin.ts';
import { analyzeUpload } from './analyze-files.ts';
import { reportCsv } from './report/csv.ts';

/** Experiments lab REST API v1: thin handlers; the workspace always comes from the credentials. */
const routes: ModuleRoutes = async (base, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const svc = services.experiments;
  const ws = (req: Parameters<typeof requireWorkspace>[0]) => requireWorkspace(req).workspaceId;

  const tags = { tags: ['Experiments'] };
  app.post('/api/v1/experiments', {
    schema: { ...tags, summary: 'Create an experiment (a draft) on a flag', body: ExperimentCreate, response: { 201: ExperimentView, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await svc.create(ws(req), req.body)));
  app.get('/api/v1/experiments', {
    schema: { ...tags, summary: 'List experiments, newest first', response: { 200: z.object({ data: z.array(ExperimentView) }), ...problemResponses } },
  }, async (req) => ({ data: await svc.list(ws(req)) }));
  app.post('/api/v1/experiments/analyze', {
    bodyLimit: MAX_UPLOAD_BYTES,
    schema: {
      ...tags,
      summary: 'Analyse an uploaded units CSV and design (the same JSON as `baton experiments analyze`); stores nothing',
      body: AnalyzeUploadBody,
      response: { 200: AnalysisResult, ...problemResponses },
    },
  }, (req) => {
    requireWorkspace(req);
    return analyzeUpload(req.body.design, req.body.units_csv);
  });
  app.get('/api/v1/experiments/:id', {
    schema: { ...tags, summary: 'Get an experiment with exposures per variant', params: IdParams, response: { 200: ExperimentView, ...problemResponses } },
  }, (req) => svc.get(ws(req), req.params.id));
  app.post('/api/v1/experiments/:id/start', {
    schema: { ...tags, summary: 'Start a draft experiment (its layer range must not overlap a running one)', params: IdParams, response: { 200: ExperimentView, ...problemResponses } },
  }, (req) => svc.start(ws(req), req.params.id));
  app.put('/api/v1/experiments/:id/registration', {
    schema: { ...tags, summary: 'Pre-register (or, with a logged reason once started, change) hypotheses, metrics and analysis plan', params: IdParams, body: RegistrationUpdate, response: { 200: ExperimentView, ...problemResponses } },
  }, (req) => svc.register(ws(req), req.params.id, req.body.registration, req.body.reason));
  app.post('/api/v1/experiments/sample-size', {
    schema: { ...tags, summary: 'Sample size per arm (and duration) from baseline, minimum detectable effect, alpha and power', body: SampleSizeBody, response: { 200: SampleSize, ...problemResponses } },
  }, (req) => {
    requireWorkspace(req);
    return svc.sampleSize(req.body);
  });
  app.post('/api/v1/experiments/:id/stop', {
    schema: { ...tags, summary: 'Stop a running experiment; its flag returns to the default', params: IdParams, response: { 200: ExperimentView, ...problemResponses } },
  }, (req) => svc.stop(ws(req), req.params.id));

  const reports = services.experimentReports;
  const csv = (reply: { header(k: string, v: string): unknown }, name: string) => {
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${name}-report.csv"`);
  };
  app.get('/api/v1/experiments/:id/report', {
    schema: {
      ...tags,
      summary: 'The report: pre-registration and changes, progress, SRM, every metric compared (Holm across arms), cumulative effect, exploratory breakdown, observational comparison',
      params: IdParams,
      querystring: ReportQuery,
      response: { 200: ExperimentReport, ...problemResponses },
    },
  }, (req) => reports.report(ws(req), req.params.id, req.query));
  app.get('/api/v1/experiments/:id/report.csv', {
    schema: { ...tags, summary: 'The report as CSV: one row per metric and arm', params: IdParams, querystring: ReportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const r = await reports.report(ws(req), req.params.id, req.query);
    csv(reply, r.experiment.key);
    return reportCsv(r);
  });
  const LinkParams = z.object({ id: z.uuid(), linkId: z.uuid() });
  app.post('/api/v1/experiments/:id/share-links', {
    schema: { ...tags, summary: 'Create a read-only link to the report for people without a login (the token is shown once)', params: IdParams, response: { 201: ShareLinkCreated, ...problemResponses } },
  }, async (req, reply) => reply.status(201).send(await reports.createShareLink(ws(req), req.params.id)));
  app.get('/api/v1/experiments/:id/share-links', {
    schema: { ...tags, summary: 'Share links of the report (tokens are not shown again)', params: IdParams, response: { 200: z.object({ data: z.array(ShareLink) }), ...problemResponses } },
  }, async (req) => ({ data: await reports.listShareLinks(ws(req), req.params.id) }));
  app.delete('/api/v1/experiments/:id/share-links/:linkId', {
    schema: { ...tags, summary: 'Revoke a share link: it answers 404 from now on', params: LinkParams, response: { 204: z.null(), ...problemResponses } },
  }, async (req, reply) => {
    await reports.revokeShareLink(ws(req), req.params.id, req.params.linkId);
    return reply.status(204).send(null);
  });
  const TokenParams = z.object({ token: z.string().min(1).max(200) });
  app.get('/api/v1/shared/experiment-reports/:token', {
    schema: { ...tags, summary: 'A shared report, read-only, without signing in (the token is the credential)', params: TokenParams, querystring: ReportQuery, response: { 200: ExperimentReport, ...problemResponses } },
  }, (req) => reports.sharedReport(req.params.token, req.query));
  app.get('/api/v1/shared/experiment-reports/:token/report.csv', {
    schema: { ...tags, summary: 'A shared report as CSV', params: TokenParams, querystring: ReportQuery, produces: ['text/csv'] },
  }, async (req, reply) => {
    const r = await reports.sharedReport(req.params.token, req.query);
    csv(reply, r.experiment.key);
    return reportCsv(r);
  });

  const flags = { tags: ['Flags'] };
  app.get('/api/v1/flags/holdout', {
    schema: { ...flags, summary: 'The global holdout: share of contacts kept away from every proactive feature', response: { 200: HoldoutView, ...problemResponses } },
  }, (req) => svc.holdout(ws(req)));
  app.put('/api/v1/flags/holdout', {
    schema: { ...flags, summary: 'Set the global holdout share (the same contacts stay held out when it changes)', body: HoldoutBody, response: { 200: HoldoutView, ...problemResponses } },
  }, (req) => svc.setHoldout(ws(req), req.body.share));
  app.post('/api/v1/flags/evaluate', {
    schema: {
      ...flags,
      summary: "Evaluate flags for a unit; records the unit's first exposure to each experiment that decides one",
      body: FlagEvaluateBody,
      response: { 200: FlagEvaluation, ...problemResponses },
    },
  }, (req) => svc.evaluate(ws(req), req.body));
};

export default routes;
