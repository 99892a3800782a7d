import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { SurveyResults } from '../../contracts/guides.ts';
import { SurveyContent } from '../../contracts/campaign-content/survey.ts';
import { nextQuestion, validAnswer } from '../../contracts/campaign-content/survey-flow.ts';
import { deliveryHook } from '../campaigns/delivery-hooks.ts';
import { campaigns } from '../campaigns/schema.ts';
import { newId } from '../platform/ids.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { npsScore, summarize } from './survey-results.ts';

/**
 * Surveys and checklists: the survey flow (branching, what an answer may be), NPS and CSAT math,
 * answers from the widget stored once per contact and question, results with the NPS score and
 * distribution, checklist items done by the user or by an event and sent along at delivery, and
 * workspace isolation. Runs on PGlite and, with DATABASE_URL, on PostgreSQL. Campaign rows are
 * written straight into the campaigns table: the campaign service lives on another branch.
 */

const survey = SurveyContent.parse({
  questions: [
    { kind: 'nps', id: 'nps', prompt: 'How likely are you to recommend us?', branches: [{ when: { max: 6 }, goto: 'why' }, { when: { min: 7 }, goto: 'features' }] },
    { kind: 'text', id: 'why', prompt: 'What went wrong?', required: false, branches: [{ when: {}, goto: 'end' }] },
    { kind: 'multiple', id: 'features', prompt: 'What do you use?', choices: [{ id: 'chat', label: 'Chat' }, { id: 'help', label: 'Help Center' }] },
  ],
  thank_you: { title: 'Thank you!' },
});

describe('survey flow and scores', () => {
  it('branches on a score, skips ahead, ends at the thank-you step', () => {
    expect(nextQuestion(survey, 0, 3)).toBe(1);
    expect(nextQuestion(survey, 0, 9)).toBe(2);
    expect(nextQuestion(survey, 1, 'slow')).toBe(-1);
    expect(nextQuestion(survey, 1, null)).toBe(2);
    expect(nextQuestion(survey, 2, ['chat'])).toBe(-1);
  });

  it('takes only answers of the question’s kind', () => {
    const [nps, text, multiple] = survey.questions;
    expect(validAnswer(nps!, 10)).toBe(10);
    expect(validAnswer(nps!, 11)).toBeNull();
    expect(validAnswer(nps!, 7.5)).toBeNull();
    expect(validAnswer(text!, '  ok  ')).toBe('ok');
    expect(validAnswer(text!, '   ')).toBeNull();
    expect(validAnswer(multiple!, ['chat', 'chat', 'help'])).toEqual(['chat', 'help']);
    expect(validAnswer(multiple!, ['nope'])).toBeNull();
  });

  it('refuses branches that go backwards and duplicate ids, naming the path', () => {
    const bad = SurveyContent.safeParse({
      questions: [
        { kind: 'csat', id: 'a', prompt: 'A?' },
        { kind: 'csat', id: 'a', prompt: 'B?', branches: [{ when: { max: 2 }, goto: 'a' }] },
      ],
      thank_you: { title: 'Thanks' },
    });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['questions.1.id', 'questions.1.branches.0.goto']);
  });

  it('NPS is % promoters − % detractors; CSAT satisfied is the share of 4s and 5s', () => {
    const d = [1, 0, 0, 0, 0, 0, 1, 1, 0, 2, 5];
    expect(npsScore(d)).toBe(50);
    expect(npsScore(Array(11).fill(0))).toBeNull();
    const csat = summarize({ kind: 'csat', id: 'c', prompt: 'C?', required: true, branches: [] }, [{ answer: 5, n: 3 }, { answer: 2, n: 1 }], []);
    expect(csat).toMatchObject({ responses: 4, average: 4.25, satisfied_pct: 75 });
  });
});

let baton: TestBaton;
let a: TestWorkspace;
let b: TestWorkspace;
let ip = 0;

async function visitor(w: TestWorkspace, user: string) {
  const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, user_id: user }, remoteAddress: `10.7.0.${++ip}` });
  const boot = res.json<BootResponse>();
  const viewer = await baton.services.inbox.viewer(w.writeKey, boot.visitor_token);
  return { headers: { 'x-baton-app': w.writeKey, 'x-baton-visitor': boot.visitor_token }, contactId: viewer.contactId };
}
async function campaign(w: TestWorkspace, type: 'survey' | 'checklist', content: unknown) {
  const id = newId();
  await baton.ctx.db.insert(campaigns).values({
    workspaceId: w.workspaceId, id, type, state: 'live', name: `${type} 1`, trigger: { type: 'manual' },
    pages: { include: [], exclude: [] }, schedule: { starts_at: null, ends_at: null, days: [], hours: null },
    frequency: { max_shows: 1, min_hours_between: 24, stop_after_dismiss: true, capped: true }, content: { en: content as Record<string, unknown> },
  });
  return id;
}
const post = (headers: Record<string, string>, url: string, payload?: object) => baton.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  baton = await startBaton();
  a = await createWorkspace(baton, 'Guides A');
  b = await createWorkspace(baton, 'Guides B');
});
afterAll(() => baton?.stop());

describe('survey answers and results', () => {
  it('stores one answer per contact and question, and reports the NPS score and distribution', async () => {
    const id = await campaign(a, 'survey', survey);
    const scores = [10, 9, 9, 8, 3];
    for (const [i, score] of scores.entries()) {
      const v = await visitor(a, `nps-${i}`);
      expect((await post(v.headers, `/widget/surveys/${id}/answers`, { question_id: 'nps', answer: i === 0 ? 2 : score })).statusCode).toBe(204);
      if (i === 0) expect((await post(v.headers, `/widget/surveys/${id}/answers`, { question_id: 'nps', answer: score })).statusCode).toBe(204);
      if (score <= 6) await post(v.headers, `/widget/surveys/${id}/answers`, { question_id: 'why', answer: 'Too slow' });
      else await post(v.headers, `/widget/surveys/${id}/answers`, { question_id: 'features', answer: ['chat'] });
    }
    const res = await baton.app.inject({ method: 'GET', url: `/api/app/campaigns/${id}/survey-results`, headers: a.agentHeaders });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<SurveyResults>();
    expect(r.respondents).toBe(5);
    const nps = r.questions.find((q) => q.id === 'nps')!;
    expect(nps).toMatchObject({ responses: 5, nps: { score: 40, promoters: 3, passives: 1, detractors: 1 } });
    expect(nps.distribution!.map((d) => d.count)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 1]);
    expect(r.questions.find((q) => q.id === 'why')!.texts).toEqual(['Too slow']);
    expect(r.questions.find((q) => q.id === 'features')!.distribution).toEqual([{ value: 'Chat', count: 4 }, { value: 'Help Center', count: 0 }]);
    const v0 = await visitor(a, 'nps-0');
    const events = (await baton.services.contacts.listContactEvents(a.workspaceId, v0.contactId, { limit: 20 })).data.filter((e) => e.name === 'survey_answered');
    expect(events[0]!.properties).toMatchObject({ campaign_id: id, question_id: 'features', question_kind: 'multiple' });
  });

  it('refuses an answer of the wrong kind or to a missing question, naming the field; other workspaces see nothing', async () => {
    const id = await campaign(a, 'survey', survey);
    const v = await visitor(a, 'bad-1');
    const wrong = await post(v.headers, `/widget/surveys/${id}/answers`, { question_id: 'nps', answer: 12 });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('body.answer');
    const missing = await post(v.headers, `/widget/surveys/${id}/answers`, { question_id: 'nope', answer: 1 });
    expect(missing.body).toContain('body.question_id');
    const other = await visitor(b, 'other-1');
    expect((await post(other.headers, `/widget/surveys/${id}/answers`, { question_id: 'nps', answer: 9 })).statusCode).toBe(404);
    expect((await baton.app.inject({ method: 'GET', url: `/api/app/campaigns/${id}/survey-results`, headers: b.agentHeaders })).statusCode).toBe(404);
    const r = (await baton.app.inject({ method: 'GET', url: `/api/app/campaigns/${id}/survey-results`, headers: a.agentHeaders })).json<SurveyResults>();
    expect(r.respondents).toBe(0);
    expect(r.questions[0]!.nps!.score).toBeNull();
  });
});

describe('checklist progress', () => {
  it('items are done by the user or by their event, and the delivery hook sends them along', async () => {
    const content = {
      title: 'Get started',
      items: [
        { id: 'invite', title: 'Invite a teammate', event: 'invite_sent' },
        { id: 'tour', title: 'Take the tour' },
        { id: 'project', title: 'Create a project', event: 'project_created' },
      ],
      completed_title: 'All set!',
    };
    const id = await campaign(a, 'checklist', content);
    const v = await visitor(a, 'check-1');
    await baton.services.contacts.trackEvent(a.workspaceId, { contact_id: v.contactId, name: 'project_created' });
    const ticked = await post(v.headers, `/widget/checklists/${id}/items/tour`);
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json()).toEqual({ done: ['tour', 'project'] });
    expect((await post(v.headers, `/widget/checklists/${id}/items/nope`)).statusCode).toBe(400);
    const hook = deliveryHook('checklist')!;
    const sent = await hook({ db: baton.ctx.db, workspaceId: a.workspaceId, contactId: v.contactId, campaignId: id, content });
    expect(sent.done).toEqual(['tour', 'project']);
    await baton.services.contacts.trackEvent(a.workspaceId, { contact_id: v.contactId, name: 'invite_sent' });
    const progress = await baton.app.inject({ method: 'GET', url: `/widget/checklists/${id}`, headers: v.headers });
    expect(progress.json()).toEqual({ done: ['invite', 'tour', 'project'] });
  });
});
