import { sql } from 'drizzle-orm';
import { rows } from '../../contacts/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import type { WorkspacesService } from '../../workspaces/service.ts';
import type { InboxService } from '../service.ts';

export const ASSIGN_QUEUE = 'inbox.assign-waiting';

interface Changed {
  conversation?: { assignee_id?: string | null; team_id?: string | null };
  previous_assignee_id?: string | null;
  status?: string;
}

/**
 * Round-robin team assignment under per-agent capacity. A team's conversation that found every
 * member away or full waits unassigned in the team; whenever room may have appeared (a close, a
 * snooze, a reassignment, an agent coming online) a job on the durable queue hands out the
 * waiting conversations, oldest first, and a minutely run of the same job catches anything a
 * lost job or an expired presence left.
 */
export function createAssignment(ctx: Ctx, deps: { inbox: InboxService; workspaces: WorkspacesService }) {
  /** Hands out the team's waiting conversations while someone has room; how many it assigned. */
  async function assignTeam(ws: string, teamId: string): Promise<number> {
    const capacities = await deps.workspaces.teams.capacities(ws, teamId);
    if (capacities.size === 0) return 0;
    let assigned = 0;
    while (await deps.inbox.assignNextWaiting(ws, teamId, (tx) => deps.inbox.presence.pickAvailable(ws, capacities, tx))) assigned++;
    return assigned;
  }

  async function assignWorkspace(ws: string): Promise<number> {
    const teams = await rows<{ team_id: string }>(
      ctx.db,
      sql`select distinct team_id from conversations
          where workspace_id = ${ws} and state = 'open' and assignee_id is null and team_id is not null`,
    );
    let assigned = 0;
    for (const t of teams) assigned += await assignTeam(ws, t.team_id);
    return assigned;
  }

  ctx.jobs.define<{ ws?: string }>(
    ASSIGN_QUEUE,
    async (job) => {
      if (job.ws) return void (await assignWorkspace(job.ws));
      const waiting = await rows<{ workspace_id: string }>(
        ctx.db,
        sql`select distinct workspace_id from conversations where state = 'open' and assignee_id is null and team_id is not null limit 1000`,
      );
      for (const w of waiting) await assignWorkspace(w.workspace_id);
    },
    { cron: '* * * * *', retryLimit: 3, retryDelaySeconds: 2 },
  );

  const later = (ws: string) => ctx.jobs.send(ASSIGN_QUEUE, { ws }).then(() => undefined);
  const onEvent = (type: string, roomMayHaveAppeared: (data: Changed) => boolean) =>
    ctx.bus.onLocal(type, async (event) => {
      if (roomMayHaveAppeared(event.data as Changed)) await later(event.workspaceId);
    });
  onEvent('conversation.closed', (d) => !!d.conversation?.assignee_id);
  onEvent('conversation.snoozed', (d) => !!d.conversation?.assignee_id);
  // A reassignment frees the previous agent; an unassignment puts the conversation back in the team's queue.
  onEvent('conversation.assigned', (d) => !!d.previous_assignee_id || (!d.conversation?.assignee_id && !!d.conversation?.team_id));
  onEvent('conversation.team_assigned', (d) => !!d.conversation?.team_id && !d.conversation.assignee_id);
  onEvent('agent.presence', (d) => d.status === 'online');

  return { assignTeam, assignWorkspace };
}
