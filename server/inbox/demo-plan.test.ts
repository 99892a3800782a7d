import { describe, expect, it } from 'vitest';
import { prng } from '../contacts/demo.ts';
import { planDemoSupport, type DemoContact } from './demo-plan.ts';
import type { DemoAgent, DemoTeam, Desk } from './demo-team.ts';

const DAY = 86_400_000;
const agent = (id: string, speaks: DemoAgent['speaks']): DemoAgent => ({ id, name: id, speaks });
const owner = agent('owner', ['en']);
const dana = agent('dana', ['en']);
const olga = agent('olga', ['ru', 'kk']);
const aigerim = agent('aigerim', ['kk', 'ru']);
const fang = agent('fang', ['zh-Hans']);
const yating = agent('yating', ['zh-Hant', 'zh-Hans']);
const desk = (members: DemoAgent[], firstResponseMinutes: number, businessHours = false): Desk => ({
  teamId: 't', policyId: 'p', ruleId: 'r', firstResponseMinutes, resolutionMinutes: 3 * 24 * 60, businessHours, members,
});
const team: DemoTeam = {
  owner,
  agents: [dana, olga, aigerim, fang, yating],
  desks: { priority: desk([owner, dana, olga, yating], 60), apac: desk([fang, yating], 240, true), support: desk([owner, dana, aigerim, olga], 480) },
  apacHours: { time_zone: 'Asia/Shanghai', weekly: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '18:00' })), holidays: [] },
  tags: { billing: 'b', export: 'e', login: 'l', feature: 'f', integration: 'i', vip: 'v' },
};

function contacts(now: number, seed: number): DemoContact[] {
  const r = prng(seed);
  return Array.from({ length: 240 }, (_, i) => ({
    id: `c${i}`,
    locale: r.pick(['en', 'zh-CN', 'zh-TW', 'ru', 'kk']),
    email: r.next() < 0.7 ? `c${i}@example.com` : null,
    plan: r.pick(['free', 'starter', 'pro', 'enterprise', null]),
    createdAt: now - r.int(1, 59) * DAY - r.int(0, DAY),
  }));
}

describe('the demo support plan', () => {
  it('leaves the owner an open, unsnoozed conversation whatever the day and hour of the first start', () => {
    // The draws depend on the start time: a fixed day once left the owner's only one snoozed.
    const first = Date.UTC(2026, 0, 1);
    for (let day = 0; day < 200; day += 1) {
      const now = first + day * DAY + ((day * 7) % 24) * 3_600_000;
      const plan = planDemoSupport(team, contacts(now, day + 1), now);
      const open = plan.filter((c) => c.state === 'open' && c.snoozedUntil === null);
      expect(open.some((c) => c.assignee?.id === owner.id), new Date(now).toISOString()).toBe(true);
      expect(open.some((c) => c.assignee === null)).toBe(true);
      expect(plan.filter((c) => c.snoozedUntil !== null)).toHaveLength(3);
      expect(plan.filter((c) => c.state === 'closed').length).toBeGreaterThan(100);
    }
  });

  it('plans nothing after now', () => {
    const now = Date.UTC(2026, 11, 2, 3, 15);
    for (const c of planDemoSupport(team, contacts(now, 7), now)) {
      for (const m of c.messages) expect(m.at).toBeLessThan(now);
      for (const t of c.closes) expect(t).toBeLessThan(now);
      if (c.snoozedUntil !== null) expect(c.snoozedUntil).toBeGreaterThan(now);
    }
  });
});
