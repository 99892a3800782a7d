import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BootResponse } from '../../contracts/messenger.ts';
import type { Campaign, CampaignCreate, PickToken } from '../../contracts/campaigns.ts';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../test/factories.ts';
import { checkPickToken, pickToken, pickTokenIn, PICK_TTL_SECONDS } from './pick.ts';

/** What the builder sends for tours, checklists and surveys: each locale checked, each problem named by its field. */
let baton: TestBaton;
let ws: TestWorkspace;
let other: TestWorkspace;
let api: RestClient;

type Problem = { errors: { field: string; message: string }[] };
const fields = (body: Problem) => body.errors.map((e) => e.field).sort();

const tour = (content: Record<string, unknown>): CampaignCreate => ({ type: 'tour', name: 'Tour', trigger: { type: 'manual' }, content, default_locale: 'en' });

beforeAll(async () => {
  baton = await startBaton();
  ws = await createWorkspace(baton, 'Builder');
  other = await createWorkspace(baton, 'Builder elsewhere');
  api = restClient(baton, ws);
});
afterAll(() => baton?.stop());

describe('builder content validation', () => {
  it('a tour with steps in two locales saves with defaults; a bad step in one locale is named by locale, step and field', async () => {
    const ok = await api<Campaign>('POST', '/api/v1/campaigns', tour({
      en: { steps: [{ title: 'Projects', body: 'Your projects live here.', selector: '[data-testid="projects"]', page: '/projects' }, { body: 'Invite your team.' }] },
      kk: { steps: [{ body: 'Жобаларыңыз осында.' }] },
    }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.content.en!.steps).toEqual([
      { title: 'Projects', body: 'Your projects live here.', selector: '[data-testid="projects"]', page: '/projects', placement: 'bottom', advance_on_click: false },
      { body: 'Invite your team.', placement: 'bottom', advance_on_click: false },
    ]);
    expect(ok.body.content.en!.allow_skip).toBe(true);

    const bad = await api<Problem>('POST', '/api/v1/campaigns', tour({
      en: { steps: [{ body: 'Fine' }] },
      ru: { steps: [{ body: 'Хорошо' }, { body: '', page: 'projects' }] },
    }));
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['body.content.ru.steps.1.body', 'body.content.ru.steps.1.page']);
    expect(bad.body.errors.find((e) => e.field.endsWith('.page'))!.message).toMatch(/starts with \//);
    expect(bad.body.errors.find((e) => e.field.endsWith('.body'))!.message).toBe('is required');
    const empty = await api<Problem>('POST', '/api/v1/campaigns', tour({ en: { steps: [] } }));
    expect(empty.body.errors).toEqual([{ field: 'body.content.en.steps', message: 'add at least one step' }]);
  });

  it('a checklist names duplicate item ids, bad badges and a missing completion title', async () => {
    const body: CampaignCreate = {
      type: 'checklist',
      name: 'Get started',
      trigger: { type: 'page_view', delay_seconds: 0 },
      content: {
        en: {
          title: 'Get started',
          items: [{ id: 'create', title: 'Create a project', event: 'project_created' }, { id: 'create', title: 'Invite' }],
          badges: [{ percent: 50, label: 'Halfway' }, { percent: 50, label: 'Again' }, { percent: 0, label: 'Zero' }],
          completed_title: '',
        },
      },
    };
    const bad = await api<Problem>('POST', '/api/v1/campaigns', body);
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['body.content.en.badges.1.percent', 'body.content.en.badges.2.percent', 'body.content.en.completed_title', 'body.content.en.items.1.id']);
    const fixed = await api<Campaign>('POST', '/api/v1/campaigns', {
      ...body,
      content: { en: { ...body.content.en, items: [{ id: 'create', title: 'Create a project', event: 'project_created' }, { id: 'invite', title: 'Invite' }], badges: [{ percent: 50, label: 'Halfway' }, { percent: 100, label: 'Champion' }], completed_title: 'All set' } },
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect(fixed.body.content.en!.badges).toEqual([{ percent: 50, label: 'Halfway' }, { percent: 100, label: 'Champion' }]);
  });

  it('a survey names a backward branch, too few choices and a missing thank-you title, per locale', async () => {
    const questions = [
      { kind: 'nps', id: 'score', prompt: 'How likely are you to recommend us?', branches: [{ when: { min: 9 }, goto: 'end' }] },
      { kind: 'single', id: 'why', prompt: 'Why?', choices: [{ id: 'price', label: 'Price' }, { id: 'speed', label: 'Speed' }], branches: [{ when: { equals: 'price' }, goto: 'score' }] },
      { kind: 'multiple', id: 'use', prompt: 'What do you use?', choices: [{ id: 'a', label: 'A' }] },
      { kind: 'text', id: 'more', prompt: 'Anything else?' },
    ];
    const bad = await api<Problem>('POST', '/api/v1/campaigns', {
      type: 'survey',
      name: 'NPS',
      trigger: { type: 'page_view', delay_seconds: 0 },
      content: { en: { questions: questions.slice(0, 1), thank_you: { title: 'Thanks!' } }, 'zh-Hant': { questions, thank_you: { title: '' } } },
    });
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['body.content.zh-Hant.questions.1.branches.0.goto', 'body.content.zh-Hant.questions.2.choices', 'body.content.zh-Hant.thank_you.title']);
  });
});

describe('pick tokens', () => {
  it('are the workspace’s own and expire', () => {
    const now = Date.UTC(2026, 0, 1);
    const { token, expires_at } = pickToken('secret-a', 'ws-1', now);
    expect(Date.parse(expires_at) - now).toBe(PICK_TTL_SECONDS * 1000);
    expect(checkPickToken('secret-a', 'ws-1', token, now)).toBe(true);
    expect(checkPickToken('secret-a', 'ws-2', token, now)).toBe(false);
    expect(checkPickToken('secret-b', 'ws-1', token, now)).toBe(false);
    expect(checkPickToken('secret-a', 'ws-1', token, now + (PICK_TTL_SECONDS + 1) * 1000)).toBe(false);
    expect(checkPickToken('secret-a', 'ws-1', `${token.split('.')[0]}.x`, now)).toBe(false);
    expect(pickTokenIn(`https://app.example.test/p?x=1#baton-pick=${token}`)).toBe(token);
    expect(pickTokenIn(`https://app.example.test/p?baton-pick=${token}`)).toBeNull();
    expect(pickTokenIn(undefined)).toBeNull();
  });

  it('make the boot of a page opened with one fetch the engagement chunk (which carries the picker), in that workspace only', async () => {
    const issued = await api<PickToken>('POST', '/api/v1/campaigns/pick-token');
    expect(issued.status).toBe(200);
    const chunks = async (w: TestWorkspace, page: string) => {
      const res = await baton.app.inject({ method: 'POST', url: '/widget/boot', payload: { app_id: w.writeKey, page_url: page } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<BootResponse>().chunks;
    };
    expect(await chunks(ws, 'https://app.example.test/projects')).not.toContain('engagement');
    expect(await chunks(ws, `https://app.example.test/projects#baton-pick=${issued.body.token}`)).toContain('engagement');
    expect(await chunks(other, `https://app.example.test/projects#baton-pick=${issued.body.token}`)).not.toContain('engagement');
  });
});
