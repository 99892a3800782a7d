import { sql, type SQL } from 'drizzle-orm';
import type { Series, SeriesCreate, SeriesPreviewBody, SeriesUpdate } from '../../contracts/engagement.ts';
import { SeriesCreate as SeriesCreateSchema } from '../../contracts/engagement.ts';
import type { SegmentsService } from '../contacts/segments/service.ts';
import type { ContactsService } from '../contacts/service.ts';
import { iso, rows } from '../contacts/sql.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import { isUuid, newId, safeEqual } from '../platform/ids.ts';
import type { MailService } from '../platform/mail/service.ts';
import { composeEmail } from './email/compose.ts';
import { createEngine, type SeriesRow } from './engine.ts';

export const SERIES_QUEUE = 'engagement.series';

/** A JSON value as a jsonb parameter; absent is SQL NULL, not JSON null. */
const jsonOrNull = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

interface Stats {
  state: string;
  n: number;
}

/**
 * Whether the contact asked for no more proactive messages (an unsubscribe link of any series), as
 * a boolean subquery for a caller composing one round trip.
 */
export const unsubscribedSql = (ws: string, contactId: string): SQL =>
  sql`exists (select 1 from email_unsubscribes where workspace_id = ${ws} and contact_id = ${contactId})`;

/**
 * E-mail series (the first of the proactive campaign kinds): authoring, starting and pausing,
 * per-step results, and what the links in a sent e-mail do — open pixel, tracked click, and the
 * unsubscribe page with RFC 8058 one-click.
 */
export function createEngagementService(
  ctx: Ctx,
  deps: { mail: MailService; segments: SegmentsService; contacts: Pick<ContactsService, 'onDelete'> },
) {
  const db = ctx.db;
  // A deleted person leaves no series history behind.
  deps.contacts.onDelete(async (tx, ws, contactId) => {
    for (const table of [sql`series_enrollments`, sql`series_deliveries`, sql`email_unsubscribes`]) {
      await tx.execute(sql`delete from ${table} where workspace_id = ${ws} and contact_id = ${contactId}`);
    }
  });
  const engine = createEngine({
    ctx,
    mail: deps.mail,
    matches: (ws, rule, contactId, tx) => deps.segments.matches(ws, 'contact', rule, contactId, tx),
  });
  ctx.jobs.define(SERIES_QUEUE, () => engine.run(), { cron: '* * * * *', retryLimit: 1 });

  const find = async (ws: string, id: string) => {
    const [row] = await rows<SeriesRow & { created_at: Date; updated_at: Date }>(
      db,
      sql`select * from email_series where workspace_id = ${ws} and id = ${id}`,
    );
    if (!row) throw notFound('E-mail series');
    return row;
  };

  async function present(s: SeriesRow & { created_at: Date | string; updated_at: Date | string }): Promise<Series> {
    const [states, steps] = await Promise.all([
      rows<Stats>(db, sql`select state, count(*)::int as n from series_enrollments
                          where workspace_id = ${s.workspace_id} and series_id = ${s.id} group by state`),
      rows<{ step: number; sent: number; opened: number; clicked: number; goal: number }>(
        db,
        sql`select d.step, count(*)::int as sent, count(d.opened_at)::int as opened, count(d.clicked_at)::int as clicked,
                   count(*) filter (where e.state = 'goal_reached')::int as goal
            from series_deliveries d
            left join series_enrollments e on e.workspace_id = d.workspace_id and e.series_id = d.series_id and e.contact_id = d.contact_id
            where d.workspace_id = ${s.workspace_id} and d.series_id = ${s.id} group by d.step`,
      ),
    ]);
    const count = (state: string) => states.find((r) => r.state === state)?.n ?? 0;
    return {
      id: s.id,
      name: s.name,
      state: s.state,
      trigger: s.trigger,
      audience_segment_id: s.audience_segment_id,
      goal: s.goal,
      default_locale: s.default_locale,
      track: s.track,
      steps: s.steps,
      started_at: iso(s.started_at),
      created_at: iso(s.created_at)!,
      updated_at: iso(s.updated_at)!,
      stats: {
        enrolled: states.reduce((sum, r) => sum + r.n, 0),
        active: count('active'),
        completed: count('completed'),
        goal_reached: count('goal_reached'),
        unsubscribed: count('unsubscribed'),
        steps: s.steps.map((_, i) => {
          const r = steps.find((x) => x.step === i);
          return { sent: r?.sent ?? 0, opened: r?.opened ?? 0, clicked: r?.clicked ?? 0, goal: r?.goal ?? 0 };
        }),
      },
    };
  }

  /** What a series refers to must exist in the same workspace, and its rules must compile. */
  async function check(ws: string, input: SeriesUpdate) {
    const segmentIds = [
      ...(input.audience_segment_id ? [['audience_segment_id', input.audience_segment_id] as const] : []),
      ...(input.trigger?.type === 'segment_entered' ? [['trigger.segment_id', input.trigger.segment_id] as const] : []),
    ];
    for (const [field, id] of segmentIds) {
      const seg = await deps.segments.get(ws, id).catch(() => null);
      if (!seg) throw badField(field, 'no such segment');
      if (seg.target !== 'contact') throw badField(field, 'a series sends to people: use a segment of contacts');
    }
    for (const [i, step] of (input.steps ?? []).entries()) {
      if (step.condition) {
        await deps.segments.preview(ws, 'contact', step.condition).catch((err: unknown) => {
          const problem = err instanceof AppError ? err.errors[0] : undefined;
          if (problem) throw badField(problem.field.replace(/^rule/, `steps.${i}.condition`), problem.message);
          throw err;
        });
      }
    }
  }

  const deliveryOf = async (ws: string, id: string, token: string) => {
    if (!isUuid(ws) || !isUuid(id)) return undefined;
    const [d] = await rows<{ contact_id: string; series_id: string; token: string; links: string[]; locale: string }>(
      db,
      sql`select contact_id, series_id, token, links, locale from series_deliveries where workspace_id = ${ws} and id = ${id}`,
    );
    return d && safeEqual(d.token, token) ? d : undefined;
  };

  return {
    engine,

    async list(ws: string, page: { cursor?: string; limit: number }) {
      const after = page.cursor && isUuid(page.cursor) ? sql`and id > ${page.cursor}::uuid` : sql``;
      if (page.cursor && !isUuid(page.cursor)) throw badField('cursor', 'not a cursor from this list');
      const list = await rows<SeriesRow & { created_at: Date; updated_at: Date }>(
        db,
        sql`select * from email_series where workspace_id = ${ws} ${after} order by id limit ${page.limit + 1}`,
      );
      const data = await Promise.all(list.slice(0, page.limit).map(present));
      return { data, next_cursor: list.length > page.limit ? data.at(-1)!.id : null };
    },

    get: async (ws: string, id: string) => present(await find(ws, id)),

    /** A step as a sample person would get it; links point at the preview's own placeholders. */
    async preview(ws: string, input: SeriesPreviewBody) {
      const [w] = await rows<{ name: string }>(db, sql`select name from workspaces where id = ${ws}`);
      const base = `${ctx.config.publicUrl}/e/preview`;
      const { subject, html, text } = composeEmail({
        content: input.content,
        locale: input.locale,
        recipient: { name: 'Ada Lovelace', email: 'ada@example.com' },
        workspaceName: w?.name ?? '',
        tracking: input.track === false ? null : { clickUrl: (i) => `${base}/c/${i}`, openUrl: `${base}/o.gif` },
        unsubscribeUrl: `${base}/u`,
      });
      return { subject, html, text };
    },

    async create(ws: string, raw: SeriesCreate) {
      const input = SeriesCreateSchema.parse(raw);
      await check(ws, input);
      const id = newId();
      await db.execute(sql`insert into email_series (workspace_id, id, name, trigger, audience_segment_id, goal, default_locale, track, steps)
        values (${ws}, ${id}, ${input.name}, ${JSON.stringify(input.trigger)}::jsonb, ${input.audience_segment_id ?? null},
                ${jsonOrNull(input.goal)}::jsonb, ${input.default_locale}, ${input.track},
                ${JSON.stringify(input.steps)}::jsonb)`);
      return present(await find(ws, id));
    },

    async update(ws: string, id: string, patch: SeriesUpdate) {
      const cur = await find(ws, id);
      await check(ws, patch);
      await db.execute(sql`update email_series set
          name = ${patch.name ?? cur.name},
          trigger = ${JSON.stringify(patch.trigger ?? cur.trigger)}::jsonb,
          audience_segment_id = ${patch.audience_segment_id === undefined ? cur.audience_segment_id : patch.audience_segment_id},
          goal = ${jsonOrNull(patch.goal === undefined ? cur.goal : patch.goal)}::jsonb,
          default_locale = ${patch.default_locale ?? cur.default_locale},
          track = ${patch.track ?? cur.track},
          steps = ${JSON.stringify(patch.steps ?? cur.steps)}::jsonb,
          updated_at = now()
        where workspace_id = ${ws} and id = ${id}`);
      return present(await find(ws, id));
    },

    async setState(ws: string, id: string, state: 'live' | 'paused') {
      await find(ws, id);
      // The first start sets the clock from which triggers count; a resumed series keeps it.
      await db.execute(sql`update email_series set state = ${state}, updated_at = now(),
          started_at = case when ${state} = 'live' then coalesce(started_at, now()) else started_at end
        where workspace_id = ${ws} and id = ${id}`);
      if (state === 'live') await ctx.jobs.send(SERIES_QUEUE, {});
      return present(await find(ws, id));
    },

    async remove(ws: string, id: string) {
      await find(ws, id);
      await db.transaction(async (tx) => {
        await tx.execute(sql`delete from series_enrollments where workspace_id = ${ws} and series_id = ${id}`);
        await tx.execute(sql`delete from email_series where workspace_id = ${ws} and id = ${id}`);
      });
    },

    /** The open pixel: the first load counts. */
    async opened(ws: string, id: string, token: string) {
      if (!(await deliveryOf(ws, id, token))) return;
      await db.execute(sql`update series_deliveries set opened_at = coalesce(opened_at, now())
                           where workspace_id = ${ws} and id = ${id}`);
    },

    /** A tracked click: counts as an open too, and returns where the link really goes. */
    async clicked(ws: string, id: string, token: string, index: number): Promise<string | undefined> {
      const d = await deliveryOf(ws, id, token);
      const target = d?.links[index];
      if (!target) return undefined;
      await db.execute(sql`update series_deliveries set clicked_at = coalesce(clicked_at, now()), opened_at = coalesce(opened_at, now())
                           where workspace_id = ${ws} and id = ${id}`);
      return target;
    },

    /** Who a delivery's unsubscribe link is for, to show the page in their language. */
    async unsubscribeTarget(ws: string, id: string, token: string) {
      const d = await deliveryOf(ws, id, token);
      if (!d) return undefined;
      const [w] = await rows<{ name: string }>(db, sql`select name from workspaces where id = ${ws}`);
      return { locale: d.locale, workspaceName: w?.name ?? '' };
    },

    /** Unsubscribes the person from every series of the workspace; saying it twice is fine. */
    async unsubscribe(ws: string, id: string, token: string): Promise<boolean> {
      const d = await deliveryOf(ws, id, token);
      if (!d) return false;
      await db.transaction(async (tx) => {
        await tx.execute(sql`insert into email_unsubscribes (workspace_id, contact_id, series_id)
                             values (${ws}, ${d.contact_id}, ${d.series_id}) on conflict do nothing`);
        await tx.execute(sql`update series_enrollments set state = 'unsubscribed', finished_at = now()
                             where workspace_id = ${ws} and contact_id = ${d.contact_id} and state = 'active'`);
      });
      return true;
    },
  };
}

export type EngagementService = ReturnType<typeof createEngagementService>;
