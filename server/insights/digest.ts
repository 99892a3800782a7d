import { sql } from 'drizzle-orm';
import { rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import type { MailService } from '../platform/mail/service.ts';
import { digestMail, lastWeek } from './digest-mail.ts';
import { supportReport } from './support.ts';

export const DIGEST_QUEUE = 'insights.weekly-digest';
/** Mondays 07:00 UTC: the week before is complete everywhere from UTC−7 eastwards. */
const DIGEST_CRON = '0 7 * * 1';
/** Leads: the digest is for those who run the team. */
const LEAD_ROLES = ['owner', 'admin'];

interface Subscriber {
  workspace_id: string;
  workspace_name: string;
  agent_id: string;
  email: string;
  locale: string;
}

/**
 * The weekly support digest. Each subscriber's mail is written to the outbox in the same
 * transaction that marks the week as sent, so a retried or doubled job never sends it twice.
 */
export function createDigest(ctx: Ctx, mail: MailService, read: <T>(fn: (db: DbOrTx) => Promise<T>) => Promise<T>) {
  async function subscribers(week: string): Promise<Subscriber[]> {
    return rows<Subscriber>(
      ctx.db,
      sql`select s.workspace_id, w.name as workspace_name, s.agent_id, a.email, a.locale
          from digest_subscriptions s
          join workspaces w on w.id = s.workspace_id
          join memberships m on m.workspace_id = s.workspace_id and m.agent_id = s.agent_id
          join agents a on a.id = s.agent_id
          where s.weekly_digest and m.role in ${sql.raw(`('${LEAD_ROLES.join("','")}')`)}
            and s.last_sent_week is distinct from ${week}
          order by s.workspace_id`,
    );
  }

  /** Sends the digest of the last whole week to every lead who asked for it and has not had it. */
  async function send(now = new Date()): Promise<number> {
    const week = lastWeek(now);
    const range = { from: week.from.toISOString(), to: week.to.toISOString() };
    const reports = new Map<string, Promise<[Awaited<ReturnType<typeof supportReport>>, Awaited<ReturnType<typeof supportReport>>]>>();
    const outbox: string[] = [];
    for (const s of await subscribers(week.week)) {
      if (!reports.has(s.workspace_id)) {
        reports.set(s.workspace_id, Promise.all([
          read((db) => supportReport(db, s.workspace_id, { ...range, group_by: 'none' })),
          read((db) => supportReport(db, s.workspace_id, { ...range, group_by: 'team' })),
        ]));
      }
      const [overall, byTeam] = await reports.get(s.workspace_id)!;
      const composed = digestMail({
        locale: s.locale,
        workspaceName: s.workspace_name,
        week,
        overall,
        byTeam,
        link: `${ctx.config.publicUrl}/app/reports`,
      });
      const id = await ctx.db.transaction(async (tx) => {
        const claimed = await rows(
          tx,
          sql`update digest_subscriptions set last_sent_week = ${week.week}
              where workspace_id = ${s.workspace_id} and agent_id = ${s.agent_id} and last_sent_week is distinct from ${week.week}
              returning agent_id`,
        );
        if (claimed.length === 0) return null;
        return mail.queue(tx, { workspaceId: s.workspace_id, to: s.email, subject: composed.subject, text: composed.text });
      });
      if (id) outbox.push(id);
    }
    await mail.dispatch(outbox);
    return outbox.length;
  }

  ctx.jobs.define(DIGEST_QUEUE, async () => void (await send()), { cron: DIGEST_CRON });

  return {
    send,
    async get(ws: string, agentId: string) {
      const [row] = await rows<{ weekly_digest: boolean }>(
        ctx.db,
        sql`select weekly_digest from digest_subscriptions where workspace_id = ${ws} and agent_id = ${agentId}`,
      );
      return { weekly_digest: row?.weekly_digest ?? false };
    },
    async set(ws: string, agentId: string, weeklyDigest: boolean) {
      await ctx.db.execute(
        sql`insert into digest_subscriptions (workspace_id, agent_id, weekly_digest) values (${ws}, ${agentId}, ${weeklyDigest})
            on conflict (workspace_id, agent_id) do update set weekly_digest = excluded.weekly_digest, updated_at = now()`,
      );
      return { weekly_digest: weeklyDigest };
    },
  };
}
