import { sql } from 'drizzle-orm';
import { prng } from '../contacts/demo.ts';
import { rows } from '../contacts/sql.ts';
import { languageOf } from '../inbox/demo-texts.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import type { Services } from '../services.ts';
import { DEMO_CAMPAIGNS, NPS_REASONS, type DemoCampaign } from './demo-content.ts';

/**
 * The demo's campaigns, one of each kind: created and started through the campaigns service (a
 * paused one paused through it too), their run then moved to its weeks. What the Messenger would
 * have recorded while they ran is written in batches: the decision's sends and delivery rows, the
 * widget's seen/clicked/dismissed/completed receipts with their `campaign_*` events,
 * checklist ticks, survey answers with their `survey_answered` events, and goals reached (the
 * first goal event within the window after the contact saw it, as the receipts module marks them).
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const CHUNK = 2000;

interface Recipient {
  id: string;
  locale: string | null;
  created_at: string | Date;
}

export async function seedDemoCampaigns(ctx: Ctx, services: Services, ws: string, senderId: string, now = Date.now()): Promise<void> {
  const r = prng(20261202);
  const people = await rows<Recipient>(
    ctx.db,
    sql`select id, locale, created_at from contacts where workspace_id = ${ws} and external_id like 'demo-user-%' order by created_at, id`,
  );
  const deliveries: Record<string, unknown>[] = [];
  const receipts: Record<string, unknown>[] = [];
  const sends: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const answers: Array<{ campaign_id: string; contact_id: string; question_id: string; score: number | null; answered_at: string; answer: number | string }> = [];
  const ticks: Record<string, unknown>[] = [];
  const goals: Array<{ id: string; event: string; days: number }> = [];

  for (const demo of DEMO_CAMPAIGNS) {
    const created = await services.campaigns.create(ws, demo.body(senderId));
    await services.campaigns.setState(ws, created.id, 'live');
    if (demo.days.stop !== null) await services.campaigns.setState(ws, created.id, 'paused');
    const start = now - demo.days.start * DAY;
    const stop = demo.days.stop === null ? now : now - demo.days.stop * DAY;
    await ctx.db.execute(sql`update campaigns set created_at = ${new Date(start - DAY).toISOString()}, started_at = ${new Date(start).toISOString()},
      updated_at = ${new Date(demo.days.stop === null ? start : stop).toISOString()} where workspace_id = ${ws} and id = ${created.id}`);
    await ctx.db.execute(sql`update campaign_runs set started_at = ${new Date(start).toISOString()},
      stopped_at = ${demo.days.stop === null ? null : new Date(stop).toISOString()} where workspace_id = ${ws} and campaign_id = ${created.id}`);
    if (created.goal) goals.push({ id: created.id, event: created.goal.event, days: created.goal.within_days });
    const props = { campaign_id: created.id, campaign_type: created.type, campaign_name: created.name };
    const session = (contact: string) => `demo-${contact.slice(0, 8)}`;
    const receipt = (contact: string, kind: string, at: number, step: number | null = null) => {
      receipts.push({ id: newId(), campaign_id: created.id, contact_id: contact, session_id: session(contact), kind, step, at: new Date(at).toISOString() });
      events.push({ id: newId(), contact_id: contact, name: `campaign_${kind}`, properties: step === null ? props : { ...props, step }, occurred_at: new Date(at).toISOString() });
    };
    for (const p of people) {
      const from = Math.max(start, new Date(p.created_at).getTime());
      if (from >= stop - 30 * MINUTE || r.next() < 0.35) continue;
      const sent = from + r.next() * Math.min(stop - from - 30 * MINUTE, 10 * DAY);
      const d = { campaign_id: created.id, contact_id: p.id, shows: 0, first_sent_at: sent, first_seen_at: null as number | null, last_seen_at: null as number | null, clicked_at: null as number | null, completed_at: null as number | null, dismissed_at: null as number | null };
      sends.push({ id: newId(), contact_id: p.id, session_id: session(p.id), campaign_ids: [created.id], at: new Date(sent).toISOString() });
      if (r.next() < 0.9) {
        d.first_seen_at = sent + r.int(1, 20) * 1000;
        d.shows = 1;
        d.last_seen_at = d.first_seen_at;
        receipt(p.id, 'seen', d.first_seen_at, demo.key === 'survey' ? 0 : null);
        const score = npsScore(r);
        const answer = (question: 'nps' | 'why', at: number) => answers.push({
          campaign_id: created.id, contact_id: p.id, question_id: question, score: question === 'nps' ? score : null, answered_at: new Date(at).toISOString(),
          answer: question === 'nps' ? score : NPS_REASONS[score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor'][languageOf(p.locale)],
        });
        const tick = (item: string, at: number) => ticks.push({ campaign_id: created.id, contact_id: p.id, item_id: item, done_at: new Date(at).toISOString() });
        played(demo, p.id, d, r, now, receipt, answer, tick);
      }
      deliveries.push(Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === 'number' && k.endsWith('_at') ? new Date(v).toISOString() : v])));
    }
  }
  for (const a of answers) {
    events.push({ id: newId(), contact_id: a.contact_id, name: 'survey_answered', occurred_at: a.answered_at,
      properties: { campaign_id: a.campaign_id, question_id: a.question_id, question_kind: a.question_id === 'nps' ? 'nps' : 'text', ...(a.score === null ? {} : { score: a.score }) } });
  }

  const chunks = <T>(list: T[]) => Array.from({ length: Math.ceil(list.length / CHUNK) }, (_, i) => JSON.stringify(list.slice(i * CHUNK, i * CHUNK + CHUNK)));
  await ctx.db.transaction(async (tx) => {
    for (const j of chunks(deliveries)) {
      await tx.execute(sql`insert into campaign_deliveries (workspace_id, campaign_id, contact_id, shows, first_sent_at, first_seen_at, last_seen_at, clicked_at, completed_at, dismissed_at)
        select ${ws}, x.campaign_id, x.contact_id, x.shows, x.first_sent_at, x.first_seen_at, x.last_seen_at, x.clicked_at, x.completed_at, x.dismissed_at
        from jsonb_to_recordset(${j}::jsonb) as x(campaign_id uuid, contact_id uuid, shows int, first_sent_at timestamptz, first_seen_at timestamptz,
          last_seen_at timestamptz, clicked_at timestamptz, completed_at timestamptz, dismissed_at timestamptz)`);
    }
    for (const j of chunks(receipts)) {
      await tx.execute(sql`insert into campaign_receipts (workspace_id, id, campaign_id, contact_id, session_id, kind, step, capped, at)
        select ${ws}, x.id, x.campaign_id, x.contact_id, x.session_id, x.kind, x.step, true, x.at
        from jsonb_to_recordset(${j}::jsonb) as x(id uuid, campaign_id uuid, contact_id uuid, session_id text, kind text, step int, at timestamptz)`);
    }
    for (const j of chunks(sends)) {
      await tx.execute(sql`insert into campaign_sends (workspace_id, contact_id, session_id, id, campaign_ids, at)
        select ${ws}, x.contact_id, x.session_id, x.id, x.campaign_ids, x.at
        from jsonb_to_recordset(${j}::jsonb) as x(id uuid, contact_id uuid, session_id text, campaign_ids uuid[], at timestamptz)`);
    }
    for (const j of chunks(events)) {
      await tx.execute(sql`insert into events (workspace_id, id, contact_id, name, properties, occurred_at, received_at, source)
        select ${ws}, x.id, x.contact_id, x.name, x.properties, x.occurred_at, x.occurred_at, 'api'
        from jsonb_to_recordset(${j}::jsonb) as x(id uuid, contact_id uuid, name text, properties jsonb, occurred_at timestamptz)`);
    }
    for (const j of chunks(answers)) {
      await tx.execute(sql`insert into survey_answers (workspace_id, campaign_id, contact_id, question_id, answer, score, answered_at)
        select ${ws}, x.campaign_id, x.contact_id, x.question_id, x.answer, x.score, x.answered_at
        from jsonb_to_recordset(${j}::jsonb) as x(campaign_id uuid, contact_id uuid, question_id text, answer jsonb, score int, answered_at timestamptz)`);
    }
    for (const j of chunks(ticks)) {
      await tx.execute(sql`insert into checklist_ticks (workspace_id, campaign_id, contact_id, item_id, done_at)
        select ${ws}, x.campaign_id, x.contact_id, x.item_id, x.done_at from jsonb_to_recordset(${j}::jsonb) as x(campaign_id uuid, contact_id uuid, item_id text, done_at timestamptz)`);
    }
    for (const g of goals) {
      await tx.execute(sql`update campaign_deliveries d set goal_at = (select min(e.occurred_at) from events e
          where e.workspace_id = d.workspace_id and e.contact_id = d.contact_id and e.name = ${g.event}
            and e.occurred_at >= d.first_seen_at and e.occurred_at < d.first_seen_at + make_interval(days => ${g.days}))
        where d.workspace_id = ${ws} and d.campaign_id = ${g.id} and d.first_seen_at is not null`);
    }
  });
  ctx.log.info({ workspaceId: ws, deliveries: deliveries.length, receipts: receipts.length, answers: answers.length }, 'demo campaigns seeded');
}

type Delivery = { first_seen_at: number | null; clicked_at: number | null; completed_at: number | null; dismissed_at: number | null };
type Receipt = (contact: string, kind: string, at: number, step?: number | null) => void;

/** What a contact who saw the campaign did next. */
function played(
  demo: DemoCampaign, id: string, d: Delivery, r: ReturnType<typeof prng>, now: number, receipt: Receipt,
  answer: (question: 'nps' | 'why', at: number) => void, tick: (item: string, at: number) => void,
) {
  const at = (minutes: number) => Math.min(d.first_seen_at! + minutes * MINUTE, now - MINUTE);
  if (demo.key === 'survey') {
    if (r.next() < demo.clickRate) {
      answer('nps', at(1));
      receipt(id, 'completed', at(1), 0);
      if (r.next() < 0.6) {
        answer('why', at(2));
        receipt(id, 'completed', at(2), 1);
      }
      d.completed_at = at(2);
      receipt(id, 'completed', at(2));
    } else {
      d.dismissed_at = at(1);
      receipt(id, 'dismissed', at(1));
    }
    return;
  }
  if (demo.key === 'checklist') {
    if (r.next() < demo.clickRate) {
      d.clicked_at = at(3);
      receipt(id, 'clicked', at(3), r.int(0, 3));
    }
    if (r.next() < 0.5) tick('profile', at(r.int(5, 3 * 24 * 60)));
    return;
  }
  if (r.next() < demo.clickRate) {
    d.clicked_at = at(r.int(1, 120) / 60);
    receipt(id, 'clicked', d.clicked_at);
  } else if (r.next() < 0.5) {
    d.dismissed_at = at(r.int(1, 180) / 60);
    receipt(id, 'dismissed', d.dismissed_at);
  }
}

/** Promoters, passives and detractors at about 45/30/25. */
function npsScore(r: ReturnType<typeof prng>): number {
  const x = r.next();
  return x < 0.45 ? r.int(9, 10) : x < 0.75 ? r.int(7, 8) : r.int(2, 6);
}
