import { sql } from 'drizzle-orm';
import type { SlaKind } from '../../../contracts/routing.ts';
import { iso, rows } from '../../contacts/sql.ts';
import { domainEvent, type Ctx } from '../../platform/context.ts';
import type { WebhookOutbox } from '../../platform/webhooks/service.ts';

export const SLA_CHECK_QUEUE = 'inbox.sla-check';
export const SLA_SWEEP_QUEUE = 'inbox.sla-sweep';

type DueAt = (ws: string, teamId: string | null, businessHours: boolean, start: Date, minutes: number) => Promise<Date>;

interface Check {
  ws: string;
  conversationId: string;
  kind: SlaKind;
  dueAt: string;
}

/** The column of conversation_routing holding each target's due time. */
const DUE_COLUMN = {
  first_response: sql.raw('first_response_due_at'),
  next_response: sql.raw('next_response_due_at'),
  resolution: sql.raw('resolution_due_at'),
} as const;

/** The customer wrote last, after the team had answered: what the next-response target waits on. */
const CUSTOMER_WAITING = sql`c.last_contact_message_at > c.last_agent_message_at`;

/**
 * Whether a target is still unmet at its due time, read from the conversation as it is now: the
 * due time must still be the conversation's (a reply or a close clears or moves it), and what
 * the target waits for must not have happened.
 */
const STILL_MISSED = {
  first_response: sql`c.first_response_at is null and c.state <> 'closed'`,
  next_response: sql`c.state <> 'closed' and ${CUSTOMER_WAITING}`,
  resolution: sql`c.state <> 'closed'`,
} as const;

/**
 * SLA timers on the durable job queue. Each due time gets a delayed job that marks the breach
 * if the target was missed; a sweep every minute marks any a lost job left. The clocks move on
 * domain events heard after commit, so the chat send path does none of this work.
 */
export function createSlaTimers(ctx: Ctx, dueAt: DueAt, webhook: WebhookOutbox) {
  const db = ctx.db;

  async function schedule(ws: string, conversationId: string, kind: SlaKind, due: Date | null) {
    if (!due) return;
    const seconds = Math.max(0, Math.ceil((due.getTime() - Date.now()) / 1000));
    await ctx.jobs.send<Check>(SLA_CHECK_QUEUE, { ws, conversationId, kind, dueAt: due.toISOString() }, { startAfterSeconds: seconds });
  }

  /**
   * Marks the breach once (whoever checks first) and announces it; false when the target was not
   * missed. The `sla.breached` webhook deliveries are written in the breach's transaction, so a
   * node stopping after the commit cannot lose them.
   */
  async function check(ws: string, conversationId: string, kind: SlaKind, due: string, now = new Date()): Promise<boolean> {
    if (Date.parse(due) > now.getTime()) return false;
    const marked = await db.transaction(async (tx) => {
      const [breach] = await rows<{ breached_at: Date | string; sla_policy_id: string | null }>(
        tx,
        sql`with target as (
              select r.sla_policy_id from conversation_routing r
              join conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
              where r.workspace_id = ${ws} and r.conversation_id = ${conversationId}
                and r.${DUE_COLUMN[kind]} = ${due}::timestamptz and ${STILL_MISSED[kind]}),
            marked as (
              insert into sla_breaches (workspace_id, conversation_id, kind, due_at, breached_at)
              select ${ws}, ${conversationId}, ${kind}, ${due}::timestamptz, ${now.toISOString()}::timestamptz from target
              on conflict do nothing returning breached_at)
            select m.breached_at, (select sla_policy_id from target) as sla_policy_id from marked m`,
      );
      if (!breach) return null;
      const event = domainEvent('sla.breached', ws, {
        conversation_id: conversationId,
        sla_policy_id: breach.sla_policy_id,
        kind,
        due_at: new Date(due).toISOString(),
        breached_at: iso(breach.breached_at),
      });
      return { event, deliveries: await webhook.queue(tx, event) };
    });
    if (!marked) return false;
    await webhook.publish([marked.event], marked.deliveries);
    return true;
  }

  /** Checks every target past due and not yet marked, in every workspace; how many breaches it marked. */
  async function sweep(now = new Date()): Promise<number> {
    let marked = 0;
    for (const kind of Object.keys(DUE_COLUMN) as SlaKind[]) {
      const late = await rows<{ workspace_id: string; conversation_id: string; due: Date | string }>(
        db,
        sql`select r.workspace_id, r.conversation_id, r.${DUE_COLUMN[kind]} as due
            from conversation_routing r join conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
            where r.${DUE_COLUMN[kind]} <= ${now.toISOString()}::timestamptz
              and r.${DUE_COLUMN[kind]} > ${now.toISOString()}::timestamptz - interval '30 days'
              and ${STILL_MISSED[kind]}
              and not exists (select 1 from sla_breaches b where b.workspace_id = r.workspace_id and b.conversation_id = r.conversation_id
                                and b.kind = ${kind} and b.due_at = r.${DUE_COLUMN[kind]})
            limit 500`,
      );
      for (const l of late) if (await check(l.workspace_id, l.conversation_id, kind, iso(l.due)!, now)) marked++;
    }
    return marked;
  }

  interface Clock {
    team_id: string | null;
    business_hours: boolean;
    next_response_minutes: number | null;
    resolution_minutes: number | null;
    first_response_at: Date | string | null;
  }
  const clockOf = async (ws: string, conversationId: string) =>
    (
      await rows<Clock>(
        db,
        sql`select c.team_id, p.business_hours, p.next_response_minutes, p.resolution_minutes, c.first_response_at
            from conversation_routing r
            join conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
            join sla_policies p on p.workspace_id = r.workspace_id and p.id = r.sla_policy_id
            where r.workspace_id = ${ws} and r.conversation_id = ${conversationId}`,
      )
    )[0];

  /**
   * Starts a target's clock at `at` unless it already runs; schedules its check. Listeners may
   * hear a customer message and the reply to it in either order, so the next-response clock
   * starts only while the conversation shows the customer waiting, and stops only once it does not.
   */
  async function start(ws: string, conversationId: string, kind: 'next_response' | 'resolution', at: Date) {
    const clock = await clockOf(ws, conversationId);
    const minutes = kind === 'next_response' ? clock?.next_response_minutes : clock?.resolution_minutes;
    if (!clock || !minutes) return;
    // A customer's messages before the first agent reply are the first-response target's.
    if (kind === 'next_response' && !clock.first_response_at) return;
    const due = await dueAt(ws, clock.team_id, clock.business_hours, at, minutes);
    const [set] = await rows(
      db,
      sql`update conversation_routing r set ${DUE_COLUMN[kind]} = ${due.toISOString()}::timestamptz
          from conversations c
          where r.workspace_id = ${ws} and r.conversation_id = ${conversationId} and r.${DUE_COLUMN[kind]} is null
            and c.workspace_id = r.workspace_id and c.id = r.conversation_id and c.state <> 'closed'
            and ${kind === 'next_response' ? CUSTOMER_WAITING : sql`true`}
          returning 1`,
    );
    if (set) await schedule(ws, conversationId, kind, due);
  }

  const stop = (ws: string, conversationId: string, kinds: SlaKind[], unless = sql`false`) =>
    db.execute(
      sql`update conversation_routing r set ${sql.join(kinds.map((k) => sql`${DUE_COLUMN[k]} = null`), sql`, `)}
          from conversations c
          where r.workspace_id = ${ws} and r.conversation_id = ${conversationId}
            and c.workspace_id = r.workspace_id and c.id = r.conversation_id and not (${unless})
            and (${sql.join(kinds.map((k) => sql`r.${DUE_COLUMN[k]} is not null`), sql` or `)})`,
    );

  ctx.jobs.define<Partial<Check>>(
    SLA_CHECK_QUEUE,
    async (job) => {
      if (job.ws && job.conversationId && job.kind && job.dueAt) await check(job.ws, job.conversationId, job.kind, job.dueAt);
    },
    { retryLimit: 5, retryDelaySeconds: 5 },
  );
  ctx.jobs.define(SLA_SWEEP_QUEUE, async () => void (await sweep()), { cron: '* * * * *', retryLimit: 1 });

  ctx.bus.onLocal('message.created', async (event) => {
    const { conversation, message } = event.data as { conversation: { id: string }; message: { author_type: string; created_at: string } };
    if (message.author_type === 'contact') await start(event.workspaceId, conversation.id, 'next_response', new Date(message.created_at));
    // Any answer from the team (an agent, or a bot through the API) is the next response.
    else await stop(event.workspaceId, conversation.id, ['next_response'], CUSTOMER_WAITING);
  });
  ctx.bus.onLocal('conversation.closed', async (event) => {
    const { conversation } = event.data as { conversation: { id: string } };
    await stop(event.workspaceId, conversation.id, ['next_response', 'resolution']);
  });
  ctx.bus.onLocal('conversation.reopened', async (event) => {
    const { conversation } = event.data as { conversation: { id: string } };
    await start(event.workspaceId, conversation.id, 'resolution', new Date(event.at));
  });

  return { schedule, check, sweep };
}

export type SlaTimers = ReturnType<typeof createSlaTimers>;
