import { sql } from 'drizzle-orm';
import type { SeededConversation } from '../inbox/demo.ts';
import type { Ctx } from '../platform/context.ts';
import type { Services } from '../services.ts';

/**
 * The demo's voice of the customer: feedback items created through the feedback service, and the
 * demo conversations about them linked by the agent who answered, when they answered.
 */

interface DemoItem {
  kind: 'bug' | 'feature_request';
  title: string;
  description: string;
  status: 'new' | 'planned' | 'in_progress' | 'shipped';
  /** Which demo conversations tell of it. */
  about: (c: SeededConversation) => boolean;
}

const followedUp = (c: SeededConversation) => c.plan.messages.length >= 4;

const ITEMS: DemoItem[] = [
  { kind: 'bug', title: 'CSV export stalls at 90%', description: 'Large exports stop before finishing; archived projects are left out of the file.', status: 'in_progress', about: (c) => c.plan.topic === 'export' },
  { kind: 'feature_request', title: 'Dark mode', description: 'A dark theme for the whole app, for night work.', status: 'planned', about: (c) => c.plan.topic === 'feature' },
  { kind: 'feature_request', title: 'Gantt chart view', description: 'See project timelines as a Gantt chart.', status: 'new', about: (c) => c.plan.topic === 'feature' && followedUp(c) },
  { kind: 'bug', title: 'Slack updates arrive an hour late', description: 'Task updates reached Slack channels with a delay after reconnecting.', status: 'shipped', about: (c) => c.plan.topic === 'integration' && followedUp(c) },
];

export async function seedDemoFeedback(ctx: Ctx, services: Services, ws: string, conversations: SeededConversation[]): Promise<void> {
  for (const demo of ITEMS) {
    const linked = conversations.filter((c) => demo.about(c) && c.plan.assignee && c.plan.messages.some((m) => m.author === 'agent'));
    const item = await services.feedback.create(ws, { kind: demo.kind, title: demo.title, description: demo.description });
    if (demo.status !== 'new') await services.feedback.update(ws, item.id, { status: demo.status });
    const links = linked.map((c) => ({ conversation_id: c.id, agent_id: c.plan.assignee!.id, created_at: new Date(c.plan.messages.find((m) => m.author === 'agent')!.at).toISOString() }));
    if (links.length === 0) continue;
    await ctx.db.execute(sql`insert into feedback_links (workspace_id, item_id, conversation_id, source, agent_id, created_at)
      select ${ws}, ${item.id}, x.conversation_id, 'agent', x.agent_id, x.created_at
      from jsonb_to_recordset(${JSON.stringify(links)}::jsonb) as x(conversation_id uuid, agent_id uuid, created_at timestamptz)`);
    // The item was opened with its first report, and shipped (if it was) after the last one.
    const first = links.reduce((a, l) => (l.created_at < a ? l.created_at : a), links[0]!.created_at);
    const last = links.reduce((a, l) => (l.created_at > a ? l.created_at : a), links[0]!.created_at);
    await ctx.db.execute(sql`update feedback_items set created_at = ${first}, updated_at = ${last},
        shipped_at = case when status = 'shipped' then ${last}::timestamptz + interval '1 day' else null end
      where workspace_id = ${ws} and id = ${item.id}`);
  }
}
