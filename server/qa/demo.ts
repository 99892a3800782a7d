import { sql } from 'drizzle-orm';
import { prng } from '../contacts/demo.ts';
import { rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import type { Services } from '../services.ts';
import { lastWholeWeek } from './weeks.ts';

/**
 * A QA round for the demo: a scorecard, the weekly peer-review samples of the last weeks drawn by
 * the QA service as its Monday job would have, and the reviews submitted through it by their
 * reviewers (all but some of the latest week's, the owner's among them, which wait in "My reviews"). Then each review's times
 * are moved to its week: assigned on the Monday, done within the days after.
 */

const DAY = 86_400_000;
const WEEKS = 5;

export async function seedDemoQa(ctx: Ctx, services: Services, ws: string, ownerId: string, now = Date.now()): Promise<void> {
  const r = prng(20261203);
  const owner = { agentId: ownerId, role: 'owner' as const };
  const card = await services.qa.scorecards.create(ws, owner, {
    name: 'Support quality',
    weekly_sample: 2,
    criteria: [
      { id: 'accuracy', label: 'Correct and complete answer', weight: 3, scale: 5 },
      { id: 'tone', label: 'Tone and empathy', weight: 2, scale: 5 },
      { id: 'process', label: 'Tagged, linked and closed properly', weight: 1, scale: 5 },
    ],
  });
  const latest = lastWholeWeek(new Date(now));
  for (let w = WEEKS - 1; w >= 0; w--) {
    const week = { from: new Date(latest.from.getTime() - w * 7 * DAY), to: new Date(latest.to.getTime() - w * 7 * DAY) };
    await services.qa.sample(ws, card.id, week, w === 0 ? 2 : 1);
    const assigned = await rows<{ id: string; reviewer_id: string; role: 'owner' | 'admin' | 'agent' }>(
      ctx.db,
      sql`select r.id, r.reviewer_id, m.role from qa_reviews r join memberships m on m.workspace_id = r.workspace_id and m.agent_id = r.reviewer_id
          where r.workspace_id = ${ws} and r.scorecard_id = ${card.id} and r.status = 'pending' and r.created_at > now() - interval '1 minute'
          order by r.id`,
    );
    // Sampled by the Monday 06:00 job (this week's may have run just now).
    const monday = Math.min(week.to.getTime() + 6 * 3_600_000, now - 2 * 3_600_000);
    for (const a of assigned) {
      // The owner's share of the latest week waits in their "My reviews".
      const done = w > 0 || (a.reviewer_id !== ownerId && r.next() < 0.4);
      if (done) {
        const good = r.next() < 0.75;
        const points = () => (good ? r.int(4, 5) : r.int(2, 4));
        await services.qa.reviews.submit(ws, { agentId: a.reviewer_id, role: a.role }, a.id, {
          scores: { accuracy: points(), tone: points(), process: points() },
          comment: good ? 'Clear, friendly and complete.' : 'Right answer, but tag the topic and link the feedback item before closing.',
        });
      }
      const completed = Math.max(monday, Math.min(monday + r.int(1, 4) * DAY + r.int(0, 8) * 3_600_000, now - 3_600_000));
      await ctx.db.execute(sql`update qa_reviews set created_at = ${new Date(monday).toISOString()},
          completed_at = case when status = 'done' then ${new Date(completed).toISOString()}::timestamptz end
        where workspace_id = ${ws} and id = ${a.id}`);
    }
  }
}
