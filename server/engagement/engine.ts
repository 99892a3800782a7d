import { sql, type SQL } from 'drizzle-orm';
import type { SeriesStep, SeriesTrigger } from '../../contracts/engagement.ts';
import { SEGMENT_ENTERED } from '../../contracts/segments.ts';
import { segmentCondition } from '../contacts/segments/service.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { newId, randomToken } from '../platform/ids.ts';
import type { MailService } from '../platform/mail/service.ts';
import { rows } from '../contacts/sql.ts';
import { composeEmail } from './email/compose.ts';
import { pickLocale, type SeriesLocale } from './email/messages.ts';

/**
 * The delivery engine of e-mail series, run by a job every minute:
 *  - enrol: whoever met a live series' trigger since it started (and is in its audience, has an
 *    e-mail address and has not unsubscribed) gets one enrolment; doing it again never re-enrols.
 *  - send: each due enrolment, in its own transaction, either leaves the series (goal reached,
 *    unsubscribed, no steps left) or gets its next step — the outbox row, the delivery record
 *    and the advanced enrolment commit together, so a step is never sent twice or lost.
 */

export interface SeriesRow {
  workspace_id: string;
  id: string;
  name: string;
  state: 'draft' | 'live' | 'paused';
  trigger: SeriesTrigger;
  audience_segment_id: string | null;
  goal: { event: string } | null;
  default_locale: SeriesLocale;
  track: boolean;
  steps: SeriesStep[];
  started_at: Date | string | null;
}

/** Triggers are looked for this far back at most: an event that arrives later than that enrols no one. */
const LOOKBACK = sql`interval '2 days'`;
const BATCH = 200;

export interface EngineDeps {
  ctx: Ctx;
  mail: MailService;
  matches: (ws: string, rule: NonNullable<SeriesStep['condition']>, contactId: string, tx: DbOrTx) => Promise<boolean>;
}

export function createEngine({ ctx, mail, matches }: EngineDeps) {
  const db = ctx.db;

  function triggered(s: SeriesRow): SQL {
    const since = sql`greatest(${s.started_at}::timestamptz, now() - ${LOOKBACK})`;
    switch (s.trigger.type) {
      case 'signed_up':
        return sql`select c.id from contacts c where c.workspace_id = ${s.workspace_id} and c.signed_up_at >= ${since}`;
      case 'event':
        return sql`select distinct e.contact_id as id from events e
                   where e.workspace_id = ${s.workspace_id} and e.name = ${s.trigger.event} and e.occurred_at >= ${since}`;
      case 'segment_entered':
        return sql`select distinct e.contact_id as id from events e
                   where e.workspace_id = ${s.workspace_id} and e.name = ${SEGMENT_ENTERED}
                     and e.properties ->> 'segment_id' = ${s.trigger.segment_id} and e.occurred_at >= ${since}`;
    }
  }

  async function enroll(s: SeriesRow): Promise<number> {
    if (s.state !== 'live' || !s.started_at) return 0;
    const audience = s.audience_segment_id
      ? await segmentCondition(db, s.workspace_id, s.audience_segment_id, 'contact').catch(() => sql`false`)
      : sql`true`;
    const firstDelay = s.steps[0]?.delay_minutes ?? 0;
    const inserted = await rows<{ contact_id: string }>(
      db,
      sql`insert into series_enrollments (workspace_id, series_id, contact_id, next_at)
          select ${s.workspace_id}, ${s.id}, c.id, now() + make_interval(mins => ${firstDelay})
          from contacts c
          where c.workspace_id = ${s.workspace_id} and c.id in (${triggered(s)}) and c.email is not null and ${audience}
            and not exists (select 1 from email_unsubscribes u where u.workspace_id = c.workspace_id and u.contact_id = c.id)
          on conflict do nothing returning contact_id`,
    );
    return inserted.length;
  }

  interface Due {
    contact_id: string;
    next_step: number;
    enrolled_at: Date | string;
    email: string | null;
    name: string | null;
    locale: string | null;
    unsubscribed: boolean;
    goal_reached: boolean;
  }

  /** Sends one person's next step, or ends their enrolment; returns the outbox id of what it wrote. */
  async function advance(s: SeriesRow, workspaceName: string, contactId: string): Promise<string | null> {
    return db.transaction(async (tx) => {
      const [due] = await rows<Due>(
        tx,
        sql`select en.contact_id, en.next_step, en.enrolled_at, c.email, c.name, c.locale,
                   exists (select 1 from email_unsubscribes u where u.workspace_id = en.workspace_id and u.contact_id = en.contact_id) as unsubscribed,
                   ${s.goal ? sql`exists (select 1 from events g where g.workspace_id = en.workspace_id and g.contact_id = en.contact_id
                                 and g.name = ${s.goal.event} and g.occurred_at >= en.enrolled_at)` : sql`false`} as goal_reached
            from series_enrollments en
            left join contacts c on c.workspace_id = en.workspace_id and c.id = en.contact_id
            where en.workspace_id = ${s.workspace_id} and en.series_id = ${s.id} and en.contact_id = ${contactId}
              and en.state = 'active' and en.next_at <= now()
            for update of en skip locked`,
      );
      if (!due) return null;
      const end = async (state: 'goal_reached' | 'unsubscribed' | 'completed') => {
        await tx.execute(sql`update series_enrollments set state = ${state}, finished_at = now()
                             where workspace_id = ${s.workspace_id} and series_id = ${s.id} and contact_id = ${contactId}`);
        return null;
      };
      if (due.goal_reached) return end('goal_reached');
      if (due.unsubscribed) return end('unsubscribed');
      const step = s.steps[due.next_step];
      if (!step || !due.email) return end('completed');

      const next = s.steps[due.next_step + 1];
      const moveOn = sql`update series_enrollments set next_step = ${due.next_step + 1},
                           next_at = now() + make_interval(mins => ${next?.delay_minutes ?? 0})
                         where workspace_id = ${s.workspace_id} and series_id = ${s.id} and contact_id = ${contactId}`;
      if (step.condition && !(await matches(s.workspace_id, step.condition, contactId, tx))) {
        await tx.execute(moveOn);
        return null;
      }

      const locale = pickLocale(Object.keys(step.content), due.locale, s.default_locale);
      const id = newId();
      const token = randomToken('', 24);
      const base = `${ctx.config.publicUrl}/e/${s.workspace_id}/${id}/${token}`;
      const composed = composeEmail({
        content: step.content[locale]!,
        locale,
        recipient: { name: due.name, email: due.email },
        workspaceName,
        tracking: s.track ? { clickUrl: (i) => `${base}/c/${i}`, openUrl: `${base}/o.gif` } : null,
        unsubscribeUrl: `${base}/u`,
      });
      const outboxId = await mail.queue(tx, {
        workspaceId: s.workspace_id,
        to: due.email,
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        // RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
        headers: { 'List-Unsubscribe': `<${base}/u>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
      await tx.execute(sql`insert into series_deliveries (workspace_id, id, series_id, step, contact_id, outbox_id, token, links, locale)
        values (${s.workspace_id}, ${id}, ${s.id}, ${due.next_step}, ${contactId}, ${outboxId}, ${token},
                ${JSON.stringify(composed.links)}::jsonb, ${locale})`);
      await tx.execute(moveOn);
      return outboxId;
    });
  }

  /** Works through every due enrolment of one series, a batch at a time. */
  async function send(s: SeriesRow, workspaceName: string): Promise<number> {
    if (s.state !== 'live') return 0;
    let sent = 0;
    for (;;) {
      const due = await rows<{ contact_id: string }>(
        db,
        sql`select contact_id from series_enrollments
            where workspace_id = ${s.workspace_id} and state = 'active' and next_at <= now() and series_id = ${s.id}
            order by next_at limit ${BATCH}`,
      );
      const outbox: string[] = [];
      for (const d of due) {
        const id = await advance(s, workspaceName, d.contact_id);
        if (id) outbox.push(id);
      }
      await mail.dispatch(outbox);
      sent += outbox.length;
      if (due.length < BATCH) return sent;
    }
  }

  async function runOnce(): Promise<void> {
    const live = await rows<SeriesRow & { workspace_name: string }>(
      db,
      sql`select s.*, w.name as workspace_name from email_series s join workspaces w on w.id = s.workspace_id
          where s.state = 'live' order by s.workspace_id, s.id`,
    );
    for (const s of live) {
      await enroll(s);
      await send(s, s.workspace_name);
    }
  }

  /**
   * Runs on one node never overlap: a call made while a run is in flight (the minute's job, a
   * series just started) waits for it and then runs, so when it resolves everything that was due
   * when it was called has been sent. Across nodes `skip locked` divides the work instead.
   */
  let last: Promise<void> = Promise.resolve();
  function run(): Promise<void> {
    const next = last.then(runOnce, runOnce);
    last = next.catch(() => undefined);
    return next;
  }

  return { enroll, send, run };
}
