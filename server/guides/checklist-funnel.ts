import { sql } from 'drizzle-orm';
import { ChecklistContent } from '../../contracts/campaign-content/checklist.ts';
import type { StepFunnel } from '../../contracts/campaigns.ts';
import { sentContactsSql } from '../campaigns/sent.ts';
import { registerStepFunnel } from '../campaigns/step-funnels.ts';
import { rows } from '../contacts/sql.ts';

/**
 * A checklist's funnel per item, over the contacts it was sent to (its send and delivery rows,
 * campaigns/sent.ts): saw the checklist, clicked the item (a receipt with its index as step), did
 * the item (ticked it, or ever did its event — the same rule as the progress the widget shows),
 * and of those, reached the campaign's goal.
 */
registerStepFunnel('checklist', async ({ db, workspaceId, campaignId, content, sent }) => {
  const parsed = ChecklistContent.safeParse(content);
  if (!parsed.success) return [];
  const items = parsed.data.items.map((i, step) => ({ step, item_id: i.id, event: i.event ?? null }));
  const found = await rows<Omit<StepFunnel, 'sent'>>(
    db,
    sql`with items as (select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as i(step int, item_id text, event text)),
         per as (
           select i.step, i.item_id, d.first_seen_at is not null as seen, d.goal_at is not null as goal,
                  exists (select 1 from campaign_receipts r where r.workspace_id = ${workspaceId} and r.campaign_id = ${campaignId}
                            and r.contact_id = t.contact_id and r.kind = 'clicked' and r.step = i.step) as clicked,
                  (exists (select 1 from checklist_ticks k where k.workspace_id = ${workspaceId} and k.campaign_id = ${campaignId}
                             and k.contact_id = t.contact_id and k.item_id = i.item_id)
                   or (i.event is not null and exists (select 1 from events e where e.workspace_id = ${workspaceId}
                             and e.contact_id = t.contact_id and e.name = i.event))) as done
             from ${sentContactsSql(workspaceId, campaignId)} t cross join items i
             left join campaign_deliveries d on d.workspace_id = ${workspaceId} and d.campaign_id = ${campaignId} and d.contact_id = t.contact_id
         )
         select step, item_id, count(*) filter (where seen)::int as seen, count(*) filter (where clicked)::int as clicked,
                count(*) filter (where done)::int as completed, count(*) filter (where done and goal)::int as goal
           from per group by step, item_id order by step`,
  );
  const byStep = new Map(found.map((f) => [f.step, f]));
  return items.map((i) => ({ step: i.step, item_id: i.item_id, sent, seen: 0, clicked: 0, completed: 0, goal: 0, ...byStep.get(i.step) }));
});
