import { sql } from 'drizzle-orm';
import { ChecklistContent } from '../../contracts/campaign-content/checklist.ts';
import type { StepFunnel } from '../../contracts/campaigns.ts';
import { registerStepFunnel } from '../campaigns/step-funnels.ts';
import { rows } from '../contacts/sql.ts';

/**
 * A checklist's funnel per item, over the contacts it was sent to: saw the checklist, clicked the
 * item (a receipt with its index as step), did the item (ticked it, or ever did its event — the
 * same rule as the progress the widget shows), and of those, reached the campaign's goal.
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
                  exists (select 1 from campaign_receipts r where r.workspace_id = d.workspace_id and r.campaign_id = d.campaign_id
                            and r.contact_id = d.contact_id and r.kind = 'clicked' and r.step = i.step) as clicked,
                  (exists (select 1 from checklist_ticks t where t.workspace_id = d.workspace_id and t.campaign_id = d.campaign_id
                             and t.contact_id = d.contact_id and t.item_id = i.item_id)
                   or (i.event is not null and exists (select 1 from events e where e.workspace_id = d.workspace_id
                             and e.contact_id = d.contact_id and e.name = i.event))) as done
             from campaign_deliveries d cross join items i
            where d.workspace_id = ${workspaceId} and d.campaign_id = ${campaignId}
         )
         select step, item_id, count(*) filter (where seen)::int as seen, count(*) filter (where clicked)::int as clicked,
                count(*) filter (where done)::int as completed, count(*) filter (where done and goal)::int as goal
           from per group by step, item_id order by step`,
  );
  const byStep = new Map(found.map((f) => [f.step, f]));
  return items.map((i) => ({ step: i.step, item_id: i.item_id, sent, seen: 0, clicked: 0, completed: 0, goal: 0, ...byStep.get(i.step) }));
});
