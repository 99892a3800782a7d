import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../contracts/contacts.ts';
import type { Series, SeriesCreate } from '../../contracts/engagement.ts';
import type { Segment } from '../../contracts/segments.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';

let baton: TestBaton;
let ws: TestWorkspace;

let api: RestClient;

interface Mail {
  id: string;
  to: string;
  subject: string;
  html: string | null;
  text: string;
  headers: Record<string, string>;
}
/** The dev mailbox's mail to one address, oldest first. */
async function mailTo(to: string): Promise<Mail[]> {
  const list = await baton.ctx.database.query<Mail>(
    `select id, "to", subject, html, text, headers from outbox_emails where "to" = $1 order by created_at, id`,
    [to],
  );
  return list.rows;
}
/** Time travel for one enrolment: its next step is due now. */
const due = (seriesId: string) =>
  baton.ctx.database.query(`update series_enrollments set next_at = now() - interval '1 second' where series_id = $1`, [seriesId]);
const run = () => baton.services.engagement.engine.run();
const person = async (email: string, extra: Record<string, unknown> = {}) =>
  (await api<Contact>('POST', '/api/v1/contacts', { email, signed_up_at: new Date().toISOString(), ...extra })).body;
const urlsIn = (html: string) => [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
const path = (url: string) => new URL(url).pathname;

const welcome: SeriesCreate = {
  name: 'Welcome',
  trigger: { type: 'signed_up' },
  goal: { event: 'subscription_started' },
  steps: [
    {
      delay_minutes: 0,
      content: {
        en: { subject: 'Welcome, {{first_name}}', body: 'Start with [your first project](https://app.example.test/new).' },
        ru: { subject: 'Добро пожаловать, {{first_name}}', body: 'Начните с [первого проекта](https://app.example.test/new).' },
      },
    },
    {
      delay_minutes: 60 * 24,
      condition: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'attributes.plan', op: 'eq', value: 'trial' }] },
      content: { en: { subject: 'Your trial, day two', body: 'Invite your team.' } },
    },
    { delay_minutes: 60 * 24, content: { en: { subject: 'Tips for week one', body: 'Keyboard shortcuts.' } } },
  ],
};

let series: Series;

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Acme');
  api = restClient(baton, ws);
});
afterAll(() => baton?.stop());

describe('e-mail series', () => {
  it('starts as a draft and only enrols people who sign up after it starts', async () => {
    await person('before@example.test');
    const created = await api<Series>('POST', '/api/v1/email-series', welcome);
    expect(created.status).toBe(201);
    series = created.body;
    expect(series).toMatchObject({ state: 'draft', default_locale: 'en', track: true, started_at: null });
    await run();
    expect(await mailTo('before@example.test')).toEqual([]);

    const started = await api<Series>('POST', `/api/v1/email-series/${series.id}/start`);
    expect(started.body.state).toBe('live');
    await run();
    expect(await mailTo('before@example.test')).toEqual([]);
  });

  it('sends the first step at once, in the person’s language, with one-click unsubscribe headers', async () => {
    await person('ann@example.test', { name: 'Ann Lee', attributes: { plan: 'trial' } });
    await person('ivan@example.test', { name: 'Иван Петров', locale: 'ru-RU' });
    await run();
    const [ann] = await mailTo('ann@example.test');
    expect(ann).toMatchObject({ subject: 'Welcome, Ann' });
    expect(ann!.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(ann!.headers['List-Unsubscribe']).toMatch(/^<http:\/\/.+\/u>$/);
    const [ivan] = await mailTo('ivan@example.test');
    expect(ivan!.subject).toBe('Добро пожаловать, Иван');
    expect(ivan!.text).toContain('Отписаться');

    // Running again sends nothing twice.
    await run();
    expect(await mailTo('ann@example.test')).toHaveLength(1);
  });

  it('tracks opens and clicks, redirecting only to the e-mail’s own links', async () => {
    const [ann] = await mailTo('ann@example.test');
    const urls = urlsIn(ann!.html!);
    const click = urls.find((u) => /\/c\/0$/.test(u))!;
    const pixel = urls.find((u) => u.endsWith('/o.gif'))!;
    expect(urls).not.toContain('https://app.example.test/new');

    const opened = await baton.app.inject({ url: path(pixel) });
    expect(opened.statusCode).toBe(200);
    expect(opened.headers['content-type']).toBe('image/gif');
    const clicked = await baton.app.inject({ url: path(click) });
    expect(clicked.statusCode).toBe(302);
    expect(clicked.headers.location).toBe('https://app.example.test/new');
    expect((await baton.app.inject({ url: path(click).replace(/\/c\/0$/, '/c/7') })).statusCode).toBe(404);
    expect((await baton.app.inject({ url: path(click).replace(/\/[^/]+\/c\/0$/, '/forged-token/c/0') })).statusCode).toBe(404);

    const stats = (await api<Series>('GET', `/api/v1/email-series/${series.id}`)).body.stats;
    expect(stats.steps[0]).toEqual({ sent: 2, opened: 1, clicked: 1, goal: 0 });
    expect(stats).toMatchObject({ enrolled: 2, active: 2 });
  });

  it('skips a step whose condition fails, and stops at the goal', async () => {
    await due(series.id);
    await run();
    expect((await mailTo('ann@example.test')).map((m) => m.subject)).toEqual(['Welcome, Ann', 'Your trial, day two']);
    // Иван is not on a trial: the second step passes him by, and his next one is a day away.
    expect(await mailTo('ivan@example.test')).toHaveLength(1);

    const ann = (await api<{ data: Contact[] }>('GET', '/api/v1/contacts?q=ann')).body.data[0]!;
    await api('POST', '/api/v1/events', { contact_id: ann.id, name: 'subscription_started' });
    await due(series.id);
    await run();
    expect(await mailTo('ann@example.test')).toHaveLength(2);
    expect((await mailTo('ivan@example.test')).map((m) => m.subject)).toEqual(['Добро пожаловать, Иван', 'Tips for week one']);
    const stats = (await api<Series>('GET', `/api/v1/email-series/${series.id}`)).body.stats;
    expect(stats).toMatchObject({ goal_reached: 1, active: 1 });
    // Ann got steps 1 and 2 and reached the goal; Иван got steps 1 and 3 and has not.
    expect(stats.steps.map((s) => [s.sent, s.goal])).toEqual([[2, 1], [1, 1], [1, 0]]);
  });

  it('unsubscribes with one click (POST), never on a GET, and for every series', async () => {
    const una = await person('una@example.test', { locale: 'ru' });
    await run();
    const [welcomeMail] = await mailTo('una@example.test');
    const unsubscribe = path(urlsIn(welcomeMail!.html!).find((u) => u.endsWith('/u'))!);
    const page = await baton.app.inject({ url: unsubscribe });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('lang="ru"');
    expect(page.body).toContain('<form method="post">');
    expect((await api<Series>('GET', `/api/v1/email-series/${series.id}`)).body.stats.unsubscribed).toBe(0);

    const oneClick = await baton.app.inject({
      method: 'POST',
      url: unsubscribe,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('Вы отписались');
    expect((await api<Series>('GET', `/api/v1/email-series/${series.id}`)).body.stats.unsubscribed).toBe(1);

    // Another series triggered by an event does not enrol them again.
    const other = await api<Series>('POST', '/api/v1/email-series', {
      name: 'Exported', trigger: { type: 'event', event: 'report_exported' },
      steps: [{ delay_minutes: 0, content: { en: { subject: 'Nice export', body: 'Try scheduling it.' } } }],
    });
    await api('POST', `/api/v1/email-series/${other.body.id}/start`);
    const bob = await person('bob@example.test');
    for (const c of [una, bob]) await api('POST', '/api/v1/events', { contact_id: c.id, name: 'report_exported' });
    await run();
    expect((await mailTo('bob@example.test')).map((m) => m.subject).sort()).toEqual(['Nice export', 'Welcome,']);
    expect(await mailTo('una@example.test')).toHaveLength(1);
  });

  it('enrols on segment entry, inside an audience, and sends plain links when tracking is off', async () => {
    const pros = await api<Segment>('POST', '/api/v1/segments', {
      name: 'Pro', rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'attributes.plan', op: 'eq', value: 'pro' }] },
    });
    const acme = await api<Segment>('POST', '/api/v1/segments', {
      name: 'Acme people', rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'email', op: 'contains', value: '@acme.test' }] },
    });
    const upgraded = await api<Series>('POST', '/api/v1/email-series', {
      name: 'Upgraded', trigger: { type: 'segment_entered', segment_id: pros.body.id }, audience_segment_id: acme.body.id, track: false,
      steps: [{ delay_minutes: 0, content: { en: { subject: 'Thanks for upgrading', body: 'See [what is new](https://app.example.test/pro).' } } }],
    });
    await api('POST', `/api/v1/email-series/${upgraded.body.id}/start`);
    const inside = await person('kim@acme.test');
    const outside = await person('lou@other.test');
    for (const c of [inside, outside]) await api('PATCH', `/api/v1/contacts/${c.id}`, { attributes: { plan: 'pro' } });
    await baton.services.segments.refresh(ws.workspaceId, pros.body.id);
    await run();
    const [thanks] = (await mailTo('kim@acme.test')).filter((m) => m.subject === 'Thanks for upgrading');
    expect(thanks!.html).toContain('href="https://app.example.test/pro"');
    expect(thanks!.html).not.toContain('o.gif');
    expect((await mailTo('lou@other.test')).map((m) => m.subject)).not.toContain('Thanks for upgrading');
  });

  it('pauses: nobody is enrolled or mailed until started again', async () => {
    await api('POST', `/api/v1/email-series/${series.id}/pause`);
    await person('paused@example.test');
    await run();
    expect(await mailTo('paused@example.test')).toEqual([]);
    const resumed = await api<Series>('POST', `/api/v1/email-series/${series.id}/start`);
    expect(resumed.body.started_at).toBe(series.started_at ?? resumed.body.started_at);
    await run();
    expect((await mailTo('paused@example.test')).map((m) => m.subject)).toEqual(['Welcome,']);
  });

  it('previews a step as a sample person gets it', async () => {
    const res = await api<{ subject: string; html: string }>('POST', '/api/v1/email-series/preview', {
      locale: 'kk', content: { subject: 'Сәлем, {{first_name}}', body: '[Бастау](https://app.example.test)' },
    });
    expect(res.body.subject).toBe('Сәлем, Ada');
    expect(res.body.html).toContain('Жазылымнан бас тарту');
    expect(res.body.html).not.toContain('https://app.example.test');
  });

  it('forgets a deleted person: no enrolment, delivery or unsubscribe is left', async () => {
    const gone = await person('gone@example.test');
    await run();
    expect(await mailTo('gone@example.test')).toHaveLength(1);
    expect((await api('DELETE', `/api/v1/contacts/${gone.id}`)).status).toBe(204);
    const left = await baton.ctx.database.query<{ n: number }>(
      // Segment membership is left out: a refresh running on the scheduler at the same moment may
      // still see the contact in its snapshot; the next refresh removes that row.
      `select (select count(*) from series_enrollments where contact_id = $1) + (select count(*) from series_deliveries where contact_id = $1)
              + (select count(*) from email_unsubscribes where contact_id = $1) as n`,
      [gone.id],
    );
    expect(Number(left.rows[0]!.n)).toBe(0);
  });

  it('refuses what cannot work, naming the field, and keeps other workspaces out', async () => {
    const bad = async (body: unknown, field: string) => {
      const res = await api<{ errors: { field: string }[] }>('POST', '/api/v1/email-series', body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors[0]!.field).toBe(field);
    };
    const step = { delay_minutes: 0, content: { en: { subject: 's', body: 'b' } } };
    await bad({ ...welcome, audience_segment_id: '0190a0a0-0000-7000-8000-000000000000' }, 'audience_segment_id');
    await bad({ ...welcome, steps: [] }, 'body.steps');
    await bad({ ...welcome, steps: [{ ...step, content: {} }] }, 'body.steps.0.content');
    await bad({ ...welcome, steps: [{ ...step, content: { de: { subject: 's', body: 'b' } } }] }, 'body.steps.0.content');
    await bad(
      { ...welcome, steps: [{ ...step, condition: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'nope', op: 'eq', value: 1 }] } }] },
      'steps.0.condition.conditions.0.field',
    );
    const other = await createWorkspace(baton, 'Other');
    const res = await baton.app.inject({ url: `/api/v1/email-series/${series.id}`, headers: { authorization: `Bearer ${other.apiKey}` } });
    expect(res.statusCode).toBe(404);
  });
});
