import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { IdParams, problemResponses } from '../../contracts/common.ts';
import {
  Calibration,
  ReviewCreate,
  ReviewDetail,
  ReviewList,
  ReviewListQuery,
  ReviewSubmit,
  SampleRequest,
  SampleResult,
  Scorecard,
  ScorecardInput,
  ScorecardList,
  Trend,
  TrendQuery,
} from '../../contracts/qa.ts';
import type { ModuleRoutes } from '../app.ts';
import { requireAgent } from '../platform/auth/plugin.ts';

/** The signed-in agent and their role: QA is about people, so an API key has no place here. */
const caller = (req: FastifyRequest) => {
  const a = requireAgent(req);
  return { ws: a.workspaceId, who: { agentId: a.agentId, role: a.role } };
};

/** Quality assurance, a dashboard feature: thin routes over the QA service under /api/app/qa. */
const routes: ModuleRoutes = async (base, { services }) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const { qa } = services;
  app.get('/api/app/qa/scorecards', { schema: { response: { 200: ScorecardList, ...problemResponses } } }, (req) => qa.scorecards.list(caller(req).ws));
  app.post('/api/app/qa/scorecards', { schema: { body: ScorecardInput, response: { 201: Scorecard, ...problemResponses } } }, async (req, reply) => {
    const { ws, who } = caller(req);
    return reply.code(201).send(await qa.scorecards.create(ws, who, req.body));
  });
  app.put('/api/app/qa/scorecards/:id', { schema: { params: IdParams, body: ScorecardInput, response: { 200: Scorecard, ...problemResponses } } }, (req) => {
    const { ws, who } = caller(req);
    return qa.scorecards.update(ws, who, req.params.id, req.body);
  });
  app.post('/api/app/qa/scorecards/:id/sample', { schema: { params: IdParams, body: SampleRequest, response: { 200: SampleResult, ...problemResponses } } }, async (req) => {
    const lead = requireAgent(req, ['owner', 'admin']);
    return { assigned: await qa.sample(lead.workspaceId, req.params.id, { from: new Date(req.body.from), to: new Date(req.body.to) }) };
  });
  app.get('/api/app/qa/reviews', { schema: { querystring: ReviewListQuery, response: { 200: ReviewList, ...problemResponses } } }, (req) => {
    const { ws, who } = caller(req);
    return qa.reviews.list(ws, who, req.query);
  });
  app.post('/api/app/qa/reviews', { schema: { body: ReviewCreate, response: { 201: ReviewList, ...problemResponses } } }, async (req, reply) => {
    const { ws, who } = caller(req);
    return reply.code(201).send(await qa.reviews.create(ws, who, req.body));
  });
  app.get('/api/app/qa/reviews/:id', { schema: { params: IdParams, response: { 200: ReviewDetail, ...problemResponses } } }, (req) => {
    const { ws, who } = caller(req);
    return qa.reviews.get(ws, who, req.params.id);
  });
  app.put('/api/app/qa/reviews/:id', { schema: { params: IdParams, body: ReviewSubmit, response: { 200: ReviewDetail, ...problemResponses } } }, (req) => {
    const { ws, who } = caller(req);
    return qa.reviews.submit(ws, who, req.params.id, req.body);
  });
  app.get('/api/app/qa/trend', { schema: { querystring: TrendQuery, response: { 200: Trend, ...problemResponses } } }, (req) => {
    const { ws, who } = caller(req);
    return qa.trend(ws, who, req.query);
  });
  app.get('/api/app/qa/calibration', { schema: { response: { 200: Calibration, ...problemResponses } } }, (req) => {
    const { ws, who } = caller(req);
    return qa.calibration(ws, who);
  });
};

export default routes;
