import { sql } from 'drizzle-orm';
import type {
  ConversationRouting,
  OfficeHours,
  RoutingRule,
  RoutingRuleCreate,
  RoutingRuleUpdate,
  SlaPolicy,
  SlaKind,
  SlaPolicyCreate,
  SlaStats,
} from '../../../contracts/routing.ts';
import { RoutingRuleCreate as RoutingRuleCreateSchema } from '../../../contracts/routing.ts';
import type { SegmentsService } from '../../contacts/segments/service.ts';
import { iso, rows } from '../../contacts/sql.ts';
import type { ExperimentsService } from '../../experiments/service.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, badField, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import type { WorkspacesService } from '../../workspaces/service.ts';
import type { InboxService } from '../service.ts';
import { addBusinessMinutes } from './office-hours.ts';
import { expectedReply, type ReplyTime } from './reply-time.ts';
import { createAssignment } from './assignment.ts';
import { createSlaTimers } from './sla-timers.ts';
import type { WebhookOutbox } from '../../platform/webhooks/service.ts';

export const ROUTING_SWEEP_QUEUE = 'inbox.routing-sweep';

/** Arrays as one bound parameter each (PostgreSQL's array literal), the same on both drivers. */
const textArray = (values: readonly string[]) => sql`${`{${values.map((v) => JSON.stringify(v)).join(',')}}`}::text[]`;
const uuidArray = (values: readonly string[]) => sql`${`{${values.join(',')}}`}::uuid[]`;

interface RuleRow {
  id: string;
  name: string;
  position: number;
  rule: RoutingRule['rule'];
  flag_key: string | null;
  channels: RoutingRule['channels'];
  team_id: string | null;
  sla_policy_id: string | null;
  priority: boolean;
  tag_ids: string[];
  enabled: boolean;
  created_at: Date | string;
}

const toRule = (r: RuleRow): RoutingRule => ({
  id: r.id,
  name: r.name,
  position: r.position,
  rule: r.rule,
  flag_key: r.flag_key,
  channels: r.channels,
  team_id: r.team_id,
  sla_policy_id: r.sla_policy_id,
  priority: r.priority,
  tag_ids: r.tag_ids,
  enabled: r.enabled,
  created_at: iso(r.created_at)!,
});
interface PolicyRow {
  id: string;
  name: string;
  first_response_minutes: number;
  next_response_minutes: number | null;
  resolution_minutes: number | null;
  business_hours: boolean;
  created_at: Date | string;
}
const toPolicy = (r: PolicyRow): SlaPolicy => ({
  id: r.id,
  name: r.name,
  first_response_minutes: r.first_response_minutes,
  next_response_minutes: r.next_response_minutes,
  resolution_minutes: r.resolution_minutes,
  business_hours: r.business_hours,
  created_at: iso(r.created_at)!,
});

interface Deps {
  inbox: InboxService;
  segments: SegmentsService;
  experiments: Pick<ExperimentsService, 'evaluate'>;
  workspaces: WorkspacesService;
  webhooks: { outbox(...types: string[]): WebhookOutbox };
}

/**
 * Routing and SLA policies. Each new conversation is routed once, right after it is created
 * (and by a sweep every minute for any a stopped node left unrouted): the first enabled rule
 * whose segment rule matches the contact now — and whose flag, if it names one, is on for
 * them — assigns its team and starts its SLA clock.
 */
export function createRoutingService(ctx: Ctx, deps: Deps) {
  const db = ctx.db;

  async function rulesOf(ws: string) {
    return rows<RuleRow>(db, sql`select * from routing_rules where workspace_id = ${ws} order by position, created_at`);
  }

  async function matchingRule(ws: string, contactId: string, channel: string): Promise<RuleRow | undefined> {
    for (const r of await rulesOf(ws)) {
      if (!r.enabled || (r.channels.length > 0 && !r.channels.includes(channel as RuleRow['channels'][number]))) continue;
      if (!(await deps.segments.matches(ws, 'contact', r.rule, contactId))) continue;
      if (r.flag_key) {
        // Evaluated only for contacts the rule is for, so an experiment behind the flag
        // records exposure exactly for them.
        const evaluation = await deps.experiments.evaluate(ws, { units: { contact: contactId }, flags: [r.flag_key] });
        if (!evaluation.flags[r.flag_key]?.value) continue;
      }
      return r;
    }
    return undefined;
  }

  async function teamOf(ws: string, teamId: string): Promise<void> {
    if (!(await deps.workspaces.teams.list(ws)).some((t) => t.id === teamId)) throw notFound('Team');
  }

  async function officeHoursOf(ws: string, teamId: string): Promise<OfficeHours | null> {
    const [row] = await rows<{ time_zone: string; weekly: OfficeHours['weekly']; holidays: string[] }>(
      db,
      sql`select time_zone, weekly, holidays from team_office_hours where workspace_id = ${ws} and team_id = ${teamId}`,
    );
    return row ? { time_zone: row.time_zone, weekly: row.weekly, holidays: row.holidays } : null;
  }

  /**
   * When a target of `minutes` from `start` falls due: in the team's office hours when the
   * policy counts business hours and the team has them, else in calendar time.
   */
  async function dueAt(ws: string, teamId: string | null, businessHours: boolean, start: Date, minutes: number): Promise<Date> {
    const hours = businessHours && teamId ? await officeHoursOf(ws, teamId) : null;
    return (hours && addBusinessMinutes(hours, start, minutes)) ?? new Date(start.getTime() + minutes * 60_000);
  }

  const timers = createSlaTimers(ctx, dueAt, deps.webhooks.outbox('sla.breached'));
  const assignment = createAssignment(ctx, deps);

  // The Messenger's hint reads rules a minute stale at most; routing itself always reads them fresh.
  const hintRules = new Map<string, { at: number; rules: RuleRow[] }>();
  async function rulesForHint(ws: string, now: Date): Promise<RuleRow[]> {
    const hit = hintRules.get(ws);
    if (hit && now.getTime() - hit.at < 60_000 && now.getTime() >= hit.at) return hit.rules;
    const rules = (await rulesOf(ws)).filter((r) => r.enabled && !r.flag_key);
    if (hintRules.size > 10_000) hintRules.clear();
    hintRules.set(ws, { at: now.getTime(), rules });
    return rules;
  }

  /** The team a contact's next conversation would go to, without evaluating experiment flags (no exposure). */
  async function likelyTeam(ws: string, contactId: string, now: Date): Promise<string | null> {
    for (const r of await rulesForHint(ws, now)) {
      // The Messenger asks, so a rule for other channels says nothing about it.
      if (r.channels.length > 0 && !r.channels.includes('messenger')) continue;
      if (await deps.segments.matches(ws, 'contact', r.rule, contactId)) return r.team_id;
    }
    return null;
  }

  // Every Messenger boot asks. A team's median and office hours change slowly, so they are
  // kept a minute per team; only the rule match is per contact.
  const teamCache = new Map<string, { at: number; hours: OfficeHours | null; seconds: number | null }>();
  async function teamFacts(ws: string, teamId: string | null, now: Date) {
    const key = `${ws}:${teamId ?? ''}`;
    const hit = teamCache.get(key);
    if (hit && now.getTime() - hit.at < 60_000 && now.getTime() >= hit.at) return hit;
    const [median] = await rows<{ seconds: number | null }>(
      db,
      sql`select percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at)) as seconds
          from conversations
          where workspace_id = ${ws} and created_at > ${now.toISOString()}::timestamptz - interval '14 days' and first_response_at is not null
            and ${teamId ? sql`team_id = ${teamId}` : sql`true`}`,
    );
    const facts = {
      at: now.getTime(),
      hours: teamId ? await officeHoursOf(ws, teamId) : null,
      seconds: median?.seconds === null || median?.seconds === undefined ? null : Number(median.seconds),
    };
    if (teamCache.size > 10_000) teamCache.clear();
    teamCache.set(key, facts);
    return facts;
  }

  /** What the Messenger promises this contact (see reply-time.ts), at `now`. */
  async function replyTime(ws: string, contactId: string, now = new Date()): Promise<ReplyTime> {
    const { hours, seconds } = await teamFacts(ws, await likelyTeam(ws, contactId, now), now);
    return expectedReply({ now, hours, medianSeconds: seconds });
  }

  /** Routes a conversation if nothing has yet; returns the rule that matched, if any. */
  async function route(ws: string, conversationId: string): Promise<string | null> {
    const [conv] = await rows<{ contact_id: string; channel: string; created_at: Date | string }>(
      db,
      sql`select c.contact_id, c.channel, c.created_at from conversations c
          where c.workspace_id = ${ws} and c.id = ${conversationId}
            and not exists (select 1 from conversation_routing r where r.workspace_id = c.workspace_id and r.conversation_id = c.id)`,
    );
    if (!conv) return null;
    const rule = await matchingRule(ws, conv.contact_id, conv.channel);
    const [policy] = rule?.sla_policy_id
      ? await rows<PolicyRow>(db, sql`select * from sla_policies where workspace_id = ${ws} and id = ${rule.sla_policy_id}`)
      : [];
    const createdAt = new Date(iso(conv.created_at)!);
    const due = policy ? await dueAt(ws, rule!.team_id, policy.business_hours, createdAt, policy.first_response_minutes) : null;
    const resolutionDue = policy?.resolution_minutes ? await dueAt(ws, rule!.team_id, policy.business_hours, createdAt, policy.resolution_minutes) : null;
    // The insert claims the conversation: of two nodes routing it at once, one writes and acts.
    const claimed = await rows<{ conversation_id: string }>(
      db,
      sql`insert into conversation_routing (workspace_id, conversation_id, rule_id, sla_policy_id, first_response_due_at, resolution_due_at)
          values (${ws}, ${conversationId}, ${rule?.id ?? null}, ${policy ? rule!.sla_policy_id : null}, ${due?.toISOString() ?? null}::timestamptz,
                  ${resolutionDue?.toISOString() ?? null}::timestamptz)
          on conflict do nothing returning conversation_id`,
    );
    if (claimed.length === 0) return null;
    await timers.schedule(ws, conversationId, 'first_response', due);
    await timers.schedule(ws, conversationId, 'resolution', resolutionDue);
    if (!rule) return null;
    if (rule.tag_ids.length > 0) {
      // A tag deleted since the rule was saved is skipped.
      await db.execute(sql`insert into conversation_tags (workspace_id, conversation_id, tag_id)
        select ${ws}, ${conversationId}, t.id from tags t where t.workspace_id = ${ws}
          and t.id in (${sql.join(rule.tag_ids.map((id) => sql`${id}::uuid`), sql`, `)})
        on conflict do nothing`);
      await deps.inbox.announce(ws, conversationId, 'conversation.tagged');
    }
    if (rule.team_id || rule.priority) {
      await deps.inbox.update(ws, conversationId, { ...(rule.team_id ? { team_id: rule.team_id } : {}), ...(rule.priority ? { priority: true } : {}) });
    }
    // Round-robin among the team's available members; with nobody available it waits in the team.
    if (rule.team_id) await assignment.assignTeam(ws, rule.team_id);
    return rule.id;
  }

  ctx.bus.onLocal('conversation.created', async (event) => {
    const conversation = (event.data as { conversation?: { id?: string } }).conversation;
    if (conversation?.id) await route(event.workspaceId, conversation.id);
  });
  ctx.jobs.define(
    ROUTING_SWEEP_QUEUE,
    async () => {
      const stranded = await rows<{ workspace_id: string; id: string }>(
        db,
        sql`select c.workspace_id, c.id from conversations c
            where c.created_at > now() - interval '1 day' and c.created_at < now() - interval '30 seconds'
              and not exists (select 1 from conversation_routing r where r.workspace_id = c.workspace_id and r.conversation_id = c.id)
            limit 500`,
      );
      for (const c of stranded) await route(c.workspace_id, c.id);
    },
    { cron: '* * * * *', retryLimit: 1 },
  );

  async function check(ws: string, input: RoutingRuleUpdate) {
    if (input.team_id && !(await deps.workspaces.teams.list(ws)).some((t) => t.id === input.team_id)) {
      throw badField('team_id', 'is not a team of this workspace');
    }
    if (input.sla_policy_id) {
      const [p] = await rows(db, sql`select 1 from sla_policies where workspace_id = ${ws} and id = ${input.sla_policy_id}`);
      if (!p) throw badField('sla_policy_id', 'no such SLA policy');
    }
    if (input.tag_ids?.length) {
      const known = await rows<{ id: string }>(
        db,
        sql`select id from tags where workspace_id = ${ws} and id in (${sql.join(input.tag_ids.map((id) => sql`${id}::uuid`), sql`, `)})`,
      );
      const i = input.tag_ids.findIndex((id) => !known.some((k) => k.id === id));
      if (i >= 0) throw badField(`tag_ids.${i}`, 'no such tag');
    }
    if (input.rule) {
      await deps.segments.preview(ws, 'contact', input.rule).catch((err: unknown) => {
        const problem = err instanceof AppError ? err.errors[0] : undefined;
        if (problem) throw badField(problem.field, problem.message);
        throw err;
      });
    }
  }

  const findRule = async (ws: string, id: string) => {
    const [row] = await rows<RuleRow>(db, sql`select * from routing_rules where workspace_id = ${ws} and id = ${id}`);
    if (!row) throw notFound('Routing rule');
    return row;
  };

  return {
    route,
    replyTime,
    dueAt,
    sla: timers,
    assignment,

    /** A team's office hours; a team of another workspace is not found. */
    async officeHours(ws: string, teamId: string): Promise<OfficeHours | null> {
      await teamOf(ws, teamId);
      return officeHoursOf(ws, teamId);
    },

    /** Sets (or, with null, removes) a team's office hours. */
    async setOfficeHours(ws: string, teamId: string, hours: OfficeHours | null): Promise<OfficeHours | null> {
      await teamOf(ws, teamId);
      if (!hours) {
        await db.execute(sql`delete from team_office_hours where workspace_id = ${ws} and team_id = ${teamId}`);
        return null;
      }
      await db.execute(sql`insert into team_office_hours (workspace_id, team_id, time_zone, weekly, holidays)
        values (${ws}, ${teamId}, ${hours.time_zone}, ${JSON.stringify(hours.weekly)}::jsonb, ${JSON.stringify([...new Set(hours.holidays)].sort())}::jsonb)
        on conflict (workspace_id, team_id) do update set time_zone = excluded.time_zone, weekly = excluded.weekly,
          holidays = excluded.holidays, updated_at = now()`);
      teamCache.clear();
      return officeHoursOf(ws, teamId);
    },

    /** The routing of one conversation; none yet reads as no rule and no SLA. */
    async of(ws: string, conversationId: string): Promise<ConversationRouting> {
      const [row] = await rows<{
        found: boolean;
        rule_id: string | null;
        rule_name: string | null;
        sla_policy_id: string | null;
        sla_policy_name: string | null;
        due: Date | string | null;
        next_response_due_at: Date | string | null;
        resolution_due_at: Date | string | null;
        first_response_at: Date | string | null;
        overdue: boolean;
      }>(
        db,
        sql`select true as found, r.rule_id, ru.name as rule_name, r.sla_policy_id, p.name as sla_policy_name,
                   r.first_response_due_at as due, r.next_response_due_at, r.resolution_due_at, c.first_response_at, (r.first_response_due_at < now()) as overdue
            from conversations c
            left join conversation_routing r on r.workspace_id = c.workspace_id and r.conversation_id = c.id
            left join routing_rules ru on ru.workspace_id = r.workspace_id and ru.id = r.rule_id
            left join sla_policies p on p.workspace_id = r.workspace_id and p.id = r.sla_policy_id
            where c.workspace_id = ${ws} and c.id = ${conversationId}`,
      );
      if (!row) throw notFound('Conversation');
      const due = iso(row.due);
      const answered = iso(row.first_response_at);
      const sla_status = !due ? 'none' : answered ? (answered <= due ? 'met' : 'missed') : row.overdue ? 'overdue' : 'due';
      return {
        rule_id: row.rule_id,
        rule_name: row.rule_name,
        sla_policy_id: row.sla_policy_id,
        sla_policy_name: row.sla_policy_name,
        first_response_due_at: due,
        next_response_due_at: iso(row.next_response_due_at),
        resolution_due_at: iso(row.resolution_due_at),
        breaches: (
          await rows<{ kind: SlaKind; due_at: Date | string; breached_at: Date | string }>(
            db,
            sql`select kind, due_at, breached_at from sla_breaches where workspace_id = ${ws} and conversation_id = ${conversationId} order by due_at, kind`,
          )
        ).map((b) => ({ kind: b.kind, due_at: iso(b.due_at)!, breached_at: iso(b.breached_at)! })),
        sla_status,
      };
    },

    listPolicies: async (ws: string) =>
      (await rows<PolicyRow>(db, sql`select * from sla_policies where workspace_id = ${ws} order by first_response_minutes, name`)).map(toPolicy),

    async createPolicy(ws: string, input: SlaPolicyCreate) {
      const id = newId();
      await db.execute(sql`insert into sla_policies (workspace_id, id, name, first_response_minutes, next_response_minutes, resolution_minutes, business_hours)
                           values (${ws}, ${id}, ${input.name}, ${input.first_response_minutes}, ${input.next_response_minutes ?? null},
                                   ${input.resolution_minutes ?? null}, ${input.business_hours ?? false})`);
      const [row] = await rows<PolicyRow>(db, sql`select * from sla_policies where workspace_id = ${ws} and id = ${id}`);
      return toPolicy(row!);
    },

    async deletePolicy(ws: string, id: string) {
      const [row] = await rows(db, sql`delete from sla_policies where workspace_id = ${ws} and id = ${id} returning id`);
      if (!row) throw notFound('SLA policy');
      await db.execute(sql`update routing_rules set sla_policy_id = null where workspace_id = ${ws} and sla_policy_id = ${id}`);
    },

    /** First-response results of one policy over a period (default: the last 30 days). */
    async policyStats(ws: string, id: string, range: { from?: string; to?: string }): Promise<SlaStats> {
      const [policy] = await rows(db, sql`select 1 from sla_policies where workspace_id = ${ws} and id = ${id}`);
      if (!policy) throw notFound('SLA policy');
      const from = range.from ?? new Date(Date.now() - 30 * 86_400_000).toISOString();
      const to = range.to ?? new Date().toISOString();
      const [s] = await rows<{
        conversations: number;
        responded: number;
        within_target: number;
        breached_open: number;
        median: number | null;
        p90: number | null;
      }>(
        db,
        sql`with x as (
              select c.created_at, c.first_response_at, r.first_response_due_at as due
              from conversation_routing r join conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
              where r.workspace_id = ${ws} and r.sla_policy_id = ${id}
                and c.created_at >= ${from}::timestamptz and c.created_at < ${to}::timestamptz)
            select count(*)::int as conversations,
                   count(first_response_at)::int as responded,
                   count(*) filter (where first_response_at <= due)::int as within_target,
                   count(*) filter (where first_response_at is null and due < now())::int as breached_open,
                   percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at)) as median,
                   percentile_cont(0.9) within group (order by extract(epoch from first_response_at - created_at)) as p90
            from x`,
      );
      const decided = (s?.responded ?? 0) + (s?.breached_open ?? 0);
      return {
        conversations: s?.conversations ?? 0,
        responded: s?.responded ?? 0,
        within_target: s?.within_target ?? 0,
        breached_open: s?.breached_open ?? 0,
        attainment: decided ? (s?.within_target ?? 0) / decided : null,
        median_first_response_seconds: s?.median === null || s?.median === undefined ? null : Number(s.median),
        p90_first_response_seconds: s?.p90 === null || s?.p90 === undefined ? null : Number(s.p90),
      };
    },

    listRules: async (ws: string) => (await rulesOf(ws)).map(toRule),

    async createRule(ws: string, raw: RoutingRuleCreate) {
      const input = RoutingRuleCreateSchema.parse(raw);
      await check(ws, input);
      const id = newId();
      await db.execute(sql`insert into routing_rules (workspace_id, id, name, position, rule, flag_key, channels, team_id, sla_policy_id, priority, tag_ids, enabled)
        values (${ws}, ${id}, ${input.name},
                (select coalesce(max(position), -1) + 1 from routing_rules where workspace_id = ${ws}),
                ${JSON.stringify(input.rule)}::jsonb, ${input.flag_key ?? null}, ${textArray(input.channels ?? [])}, ${input.team_id ?? null},
                ${input.sla_policy_id ?? null}, ${input.priority ?? false}, ${uuidArray(input.tag_ids ?? [])}, ${input.enabled})`);
      hintRules.delete(ws);
      return toRule(await findRule(ws, id));
    },

    async updateRule(ws: string, id: string, patch: RoutingRuleUpdate) {
      const cur = await findRule(ws, id);
      await check(ws, patch);
      const pick = <K extends keyof RoutingRuleUpdate & keyof RuleRow>(k: K) => (patch[k] === undefined ? cur[k] : patch[k]);
      await db.execute(sql`update routing_rules set name = ${pick('name')}, rule = ${JSON.stringify(pick('rule'))}::jsonb,
          flag_key = ${pick('flag_key') ?? null}, channels = ${textArray(pick('channels'))}, team_id = ${pick('team_id') ?? null},
          sla_policy_id = ${pick('sla_policy_id') ?? null}, priority = ${pick('priority')}, tag_ids = ${uuidArray(pick('tag_ids'))},
          enabled = ${pick('enabled')}
        where workspace_id = ${ws} and id = ${id}`);
      hintRules.delete(ws);
      return toRule(await findRule(ws, id));
    },

    async deleteRule(ws: string, id: string) {
      await findRule(ws, id);
      await db.execute(sql`delete from routing_rules where workspace_id = ${ws} and id = ${id}`);
      hintRules.delete(ws);
    },

    /** Puts the rules in the given order: the first match wins. */
    async reorder(ws: string, ids: string[]) {
      const current = await rulesOf(ws);
      const known = new Set(current.map((r) => r.id));
      if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
        throw badField('ids', 'must list every rule of the workspace exactly once');
      }
      await db.transaction(async (tx) => {
        for (const [position, id] of ids.entries()) {
          await tx.execute(sql`update routing_rules set position = ${position} where workspace_id = ${ws} and id = ${id}`);
        }
      });
      return (await rulesOf(ws)).map(toRule);
    },
  };
}

export type RoutingService = ReturnType<typeof createRoutingService>;
