import { describe, expect, it } from 'vitest';
import { sampleAssignments, type Candidate } from './sampling.ts';
import { isoWeek, lastWholeWeek, recentWeeks, weekStart } from './weeks.ts';

const agents = ['agent-a', 'agent-b', 'agent-c'];
const candidates: Candidate[] = agents.flatMap((agentId) => Array.from({ length: 5 }, (_, i) => ({ conversationId: `${agentId}-conv-${i}`, agentId })));

describe('peer-review sampling', () => {
  it('takes N conversations of each agent and never gives an agent their own', () => {
    const out = sampleAssignments('seed-1', candidates, agents, 2);
    expect(out).toHaveLength(6);
    for (const agentId of agents) {
      const theirs = out.filter((o) => o.agentId === agentId);
      expect(theirs).toHaveLength(2);
      for (const o of theirs) {
        expect(o.conversationId.startsWith(agentId)).toBe(true);
        expect(o.reviewerId).not.toBe(agentId);
      }
    }
    // Least loaded first: six reviews over three reviewers is two each.
    for (const reviewer of agents) expect(out.filter((o) => o.reviewerId === reviewer)).toHaveLength(2);
  });

  it('is reproducible from its seed, whatever order the candidates come in', () => {
    const once = sampleAssignments('seed-1', candidates, agents, 2);
    const shuffled = [...candidates].reverse();
    expect(sampleAssignments('seed-1', shuffled, agents, 2)).toEqual(once);
    const other = sampleAssignments('seed-2', candidates, agents, 2);
    expect(other.map((o) => o.conversationId).sort()).not.toEqual(once.map((o) => o.conversationId).sort());
  });

  it('takes all when an agent has fewer, and skips when nobody else can review', () => {
    expect(sampleAssignments('s', candidates.slice(0, 3), agents, 10)).toHaveLength(3);
    expect(sampleAssignments('s', candidates.slice(0, 3), ['agent-a'], 2)).toEqual([]);
    expect(sampleAssignments('s', candidates, agents, 0)).toEqual([]);
  });
});

describe('ISO weeks', () => {
  it('starts on Monday 00:00 UTC and is named by the year of its Thursday', () => {
    expect(weekStart(new Date('2026-12-03T15:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart(new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(isoWeek(new Date('2026-12-01T10:00:00Z'))).toBe('2026-W49');
    expect(isoWeek(new Date('2027-01-03T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeek(new Date('2021-01-04T00:00:00Z'))).toBe('2021-W01');
    expect(isoWeek(new Date('2021-01-03T00:00:00Z'))).toBe('2020-W53');
  });

  it('lists recent weeks oldest first and the last whole week before now', () => {
    const weeks = recentWeeks(new Date('2026-12-01T10:00:00Z'), 3);
    expect(weeks.map((w) => w.week)).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    expect(lastWholeWeek(new Date('2026-12-01T10:00:00Z'))).toEqual({ from: new Date('2026-11-23T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') });
  });
});
