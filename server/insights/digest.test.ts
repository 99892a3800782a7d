import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxEmails } from '../platform/mail/schema.ts';
import { eq } from 'drizzle-orm';
import type { Conversation } from '../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type TestWorkspace } from '../../test/factories.ts';
import { newId } from '../platform/ids.ts';
import { createSession } from '../platform/auth/sessions.ts';
import { agents, memberships } from '../workspaces/schema.ts';
import { lastWeek } from './digest-mail.ts';

let baton: TestBaton;
let ws: TestWorkspace;

const monday = new Date('2026-11-30T07:00:00Z');

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Digest Co');
  const api = restClient(baton, ws);
  // Two conversations in the week of 23–29 November, one the week before.
  for (const [created, frtMinutes] of [['2026-11-24T10:00:00Z', 30], ['2026-11-26T10:00:00Z', 90], ['2026-11-18T10:00:00Z', 10]] as const) {
    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${newId()}@example.test` })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hi' })).body;
    await baton.ctx.database.query(`update conversations set created_at = $2, first_response_at = $2::timestamptz + $3 * interval '1 minute' where id = $1`, [
      conv.id, created, frtMinutes,
    ]);
  }
  // NPS answers: 10, 9 and 3 in the week (one detractor, two promoters: 33), a 0 the week before.
  const survey = (await api<{ id: string }>('POST', '/api/v1/campaigns', {
    type: 'survey', name: 'NPS', trigger: { type: 'manual' },
    content: { en: { questions: [{ kind: 'nps', id: 'nps', prompt: 'Recommend us?' }], thank_you: { title: 'Thanks' } } },
  })).body;
  expect((await api('POST', `/api/v1/campaigns/${survey.id}/start`)).status).toBeLessThan(300);
  for (const [score, at] of [[10, '2026-11-24T12:00:00Z'], [9, '2026-11-25T12:00:00Z'], [3, '2026-11-27T12:00:00Z'], [0, '2026-11-19T12:00:00Z']] as const) {
    const contact = (await api<{ id: string }>('POST', '/api/v1/contacts', { email: `${newId()}@example.test` })).body;
    const viewer = { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId: contact.id, verified: true, canChat: true };
    await baton.services.guides.answer(viewer, survey.id, { question_id: 'nps', answer: score });
    await baton.ctx.database.query('update survey_answers set answered_at = $2 where contact_id = $1', [contact.id, at]);
  }
  // The times were set behind the application's back: rebuild the facts the digest reads.
  await baton.services.insights.facts.sweep(ws.workspaceId, { full: true });
}, 180_000);
afterAll(() => baton?.stop());

describe('weekly digest', () => {
  it('names the last whole ISO week', () => {
    expect(lastWeek(monday)).toMatchObject({ week: '2026-W48', from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') });
    expect(lastWeek(new Date('2027-01-03T12:00:00Z')).week).toBe('2026-W52');
    expect(lastWeek(new Date('2021-01-04T00:00:00Z')).week).toBe('2020-W53');
  });

  it('goes, once and in their language, to the leads who turned it on, and to no one else', async () => {
    const get = () => baton.app.inject({ url: '/api/app/insights/digest', headers: ws.agentHeaders });
    expect((await get()).json()).toEqual({ weekly_digest: false });
    const on = await baton.app.inject({ method: 'PUT', url: '/api/app/insights/digest', headers: ws.agentHeaders, payload: { weekly_digest: true } });
    expect(on.statusCode, on.body).toBe(200);
    expect((await get()).json()).toEqual({ weekly_digest: true });
    const bad = await baton.app.inject({ method: 'PUT', url: '/api/app/insights/digest', headers: ws.agentHeaders, payload: { weekly_digest: 'yes' } });
    expect(bad.statusCode).toBe(400);
    await baton.ctx.database.query('update agents set locale = $2 where id = $1', [ws.owner.agentId, 'ru']);

    // A plain agent is not a lead: the setting is refused.
    const agentId = newId();
    await baton.ctx.db.insert(agents).values({ id: agentId, email: `agent-${agentId}@example.test`, name: 'Agent' });
    await baton.ctx.db.insert(memberships).values({ workspaceId: ws.workspaceId, agentId, role: 'agent' });
    const session = await createSession(baton.ctx.db, { agentId, workspaceId: ws.workspaceId });
    const refused = await baton.app.inject({
      method: 'PUT', url: '/api/app/insights/digest', payload: { weekly_digest: true },
      headers: { cookie: `baton_session=${session.token}`, 'x-csrf-token': session.csrfToken },
    });
    expect(refused.statusCode).toBe(403);

    expect(await baton.services.insights.digest.send(monday)).toBeGreaterThanOrEqual(1);
    expect(await baton.services.insights.digest.send(monday)).toBe(0);
    const mails = await baton.ctx.db.select().from(outboxEmails).where(eq(outboxEmails.to, ws.owner.email));
    const digest = mails.filter((m) => m.subject.includes('2026-W48'));
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('Digest Co: сводка поддержки за 2026-W48');
    expect(digest[0]!.text).toContain('Диалоги: 2 (неделей ранее: 1)');
    expect(digest[0]!.text).toContain('Первый ответ (медиана): 1 ч');
    expect(digest[0]!.text).toContain('NPS: 33 (');
    expect(digest[0]!.text).toContain('Ответы NPS: 3 (неделей ранее: 1)');
    expect(digest[0]!.text).toContain('/app/reports');
  });
});
