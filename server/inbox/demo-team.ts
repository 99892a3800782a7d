import type { OfficeHours } from '../../contracts/routing.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import type { Services } from '../services.ts';
import { agents, memberships } from '../workspaces/schema.ts';
import type { DemoLanguage, DemoTopic } from './demo-texts.ts';

/**
 * The demo's support team: agents, three teams with their SLA policies and routing rules (the
 * same ones the demo conversations were routed by), office hours for the APAC desk, and the tags.
 */

export type DemoDesk = 'priority' | 'apac' | 'support';

export interface DemoAgent {
  id: string;
  name: string;
  speaks: DemoLanguage[];
}

export interface Desk {
  teamId: string;
  policyId: string;
  ruleId: string;
  firstResponseMinutes: number;
  resolutionMinutes: number;
  businessHours: boolean;
  members: DemoAgent[];
}

export interface DemoTeam {
  owner: DemoAgent;
  agents: DemoAgent[];
  desks: Record<DemoDesk, Desk>;
  /** The APAC desk's office hours: its SLA counts only those. */
  apacHours: OfficeHours;
  tags: Record<DemoTopic | 'vip', string>;
}

const PEOPLE: Array<{ key: string; name: string; email: string; locale: string; speaks: DemoLanguage[] }> = [
  { key: 'dana', name: 'Dana Whitfield', email: 'dana@demo.baton.local', locale: 'en', speaks: ['en'] },
  { key: 'olga', name: 'Ольга Смирнова', email: 'olga@demo.baton.local', locale: 'ru', speaks: ['ru', 'kk'] },
  { key: 'aigerim', name: 'Айгерім Серікова', email: 'aigerim@demo.baton.local', locale: 'kk', speaks: ['kk', 'ru'] },
  { key: 'fang', name: '王芳', email: 'fang@demo.baton.local', locale: 'zh-Hans', speaks: ['zh-Hans'] },
  { key: 'yating', name: '陳雅婷', email: 'yating@demo.baton.local', locale: 'zh-Hant', speaks: ['zh-Hant', 'zh-Hans'] },
];

const WEEKDAYS_9_TO_18 = [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' }));

export async function seedDemoTeam(ctx: Ctx, services: Services, ws: string, ownerId: string): Promise<DemoTeam> {
  // Demo colleagues hold a membership but no password (nobody signs in as them: an invite would
  // mail them and wait for them to accept); the owner can reset one with the CLI.
  const people = PEOPLE.map((p) => ({ ...p, id: newId() }));
  await ctx.db.insert(agents).values(people.map((p) => ({ id: p.id, email: p.email, name: p.name, locale: p.locale, passwordHash: null })));
  await ctx.db.insert(memberships).values(people.map((p) => ({ workspaceId: ws, agentId: p.id, role: p.key === 'dana' ? ('admin' as const) : ('agent' as const) })));
  const by = Object.fromEntries(people.map((p) => [p.key, { id: p.id, name: p.name, speaks: p.speaks }])) as Record<string, DemoAgent>;
  const owner: DemoAgent = { id: ownerId, name: 'Demo Owner', speaks: ['en'] };

  const desk = async (name: string, members: DemoAgent[], policy: { name: string; first: number; resolution: number; businessHours: boolean }) => {
    const team = await services.workspaces.teams.create(ws, { name, agentIds: members.map((m) => m.id), agentCapacity: 8 });
    const sla = await services.routing.createPolicy(ws, {
      name: policy.name, first_response_minutes: policy.first, resolution_minutes: policy.resolution, business_hours: policy.businessHours,
    });
    return { teamId: team.id, policyId: sla.id, ruleId: '', firstResponseMinutes: policy.first, resolutionMinutes: policy.resolution, businessHours: policy.businessHours, members };
  };
  const desks = {
    priority: await desk('Priority desk', [owner, by.dana!, by.olga!, by.yating!], { name: 'Priority: 1 hour', first: 60, resolution: 24 * 60, businessHours: false }),
    apac: await desk('APAC desk', [by.fang!, by.yating!], { name: 'APAC: 4 office hours', first: 240, resolution: 3 * 24 * 60, businessHours: true }),
    support: await desk('Support desk', [owner, by.dana!, by.aigerim!, by.olga!], { name: 'Standard: 8 hours', first: 480, resolution: 5 * 24 * 60, businessHours: false }),
  };
  const apacHours: OfficeHours = { time_zone: 'Asia/Shanghai', weekly: WEEKDAYS_9_TO_18, holidays: [] };
  await services.routing.setOfficeHours(ws, desks.apac.teamId, apacHours);

  const tag = async (name: string, color: 'red' | 'orange' | 'blue' | 'green' | 'grape' | 'yellow') => (await services.inboxTools.tags.create(ws, { name, color })).id;
  const tags = {
    billing: await tag('Billing', 'orange'),
    export: await tag('Bug', 'red'),
    login: await tag('Account access', 'blue'),
    feature: await tag('Feature request', 'green'),
    integration: await tag('Integrations', 'grape'),
    vip: await tag('VIP', 'yellow'),
  };

  const field = (f: string, value: string) => ({ type: 'field' as const, field: f, op: 'eq' as const, value });
  desks.priority.ruleId = (await services.routing.createRule(ws, {
    name: 'Pro and Enterprise customers',
    rule: { type: 'group', match: 'any', conditions: [field('company.plan', 'enterprise'), field('company.plan', 'pro')] },
    team_id: desks.priority.teamId, sla_policy_id: desks.priority.policyId, tag_ids: [tags.vip],
  })).id;
  desks.apac.ruleId = (await services.routing.createRule(ws, {
    name: 'Chinese-speaking customers',
    rule: { type: 'group', match: 'any', conditions: [field('locale', 'zh-CN'), field('locale', 'zh-TW')] },
    team_id: desks.apac.teamId, sla_policy_id: desks.apac.policyId,
  })).id;
  desks.support.ruleId = (await services.routing.createRule(ws, {
    name: 'Everyone else', rule: { type: 'group', match: 'all', conditions: [] },
    team_id: desks.support.teamId, sla_policy_id: desks.support.policyId,
  })).id;
  return { owner, agents: people.map((p) => by[p.key]!), desks, apacHours, tags };
}
