import { sql, type SQL } from 'drizzle-orm';
import {
  SEGMENT_ENTERED,
  SEGMENT_LEFT,
  type RuleGroup,
  type Segment,
  type SegmentCreate,
  type SegmentPreview,
  type SegmentTarget,
  type SegmentUpdate,
} from '../../../contracts/segments.ts';
import { domainEvent, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db.ts';
import { badField, notFound } from '../../platform/errors.ts';
import { newId } from '../../platform/ids.ts';
import { allDefinitions } from '../attributes.ts';
import { insertEvents } from '../events.ts';
import { iso, rows } from '../sql.ts';
import { compileRule, type RuleContext } from './compile.ts';
import { DEMO_SEGMENTS } from './demo.ts';

interface SegmentRecord {
  id: string;
  name: string;
  description: string | null;
  target: SegmentTarget;
  rule: RuleGroup;
  member_count: number;
  refreshed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const toSegment = (r: SegmentRecord): Segment => ({
  id: r.id,
  name: r.name,
  description: r.description,
  target: r.target,
  rule: r.rule,
  member_count: r.member_count,
  refreshed_at: iso(r.refreshed_at),
  created_at: iso(r.created_at)!,
  updated_at: iso(r.updated_at)!,
});

const BASE: Record<SegmentTarget, SQL> = {
  contact: sql`contacts c where c.workspace_id =`,
  company: sql`companies co where co.workspace_id =`,
};
const ID: Record<SegmentTarget, SQL> = { contact: sql`c.id`, company: sql`co.id` };

/**
 * The segments a member is in, as of their last refresh, as a scalar subquery yielding a json
 * array of [segment id, entered at]: for a caller composing one round trip (a campaign decision).
 */
export const membershipsSql = (ws: string, memberId: string): SQL =>
  sql`(select coalesce(json_agg(json_build_array(segment_id, entered_at)), '[]'::json) from segment_members where workspace_id = ${ws} and member_id = ${memberId})`;

export const SEGMENT_REFRESH_QUEUE = 'segments.refresh';

async function ruleContext(db: DbOrTx, ws: string): Promise<RuleContext> {
  const { contact, company } = await allDefinitions(db, ws);
  return { contact, company, now: new Date() };
}

/** The rule as a WHERE condition over its target's rows, for lists ("contacts in this segment"). */
export async function segmentCondition(db: DbOrTx, ws: string, segmentId: string, target: SegmentTarget): Promise<SQL> {
  const [row] = await rows<SegmentRecord>(db, sql`select * from segments where workspace_id = ${ws} and id = ${segmentId}`);
  if (!row) throw badField('segment_id', 'no such segment');
  if (row.target !== target) throw badField('segment_id', `this is a segment of ${row.target === 'contact' ? 'contacts' : 'companies'}`);
  return compileRule(row.target, row.rule, await ruleContext(db, ws));
}

/**
 * Saved, live audiences. Membership is kept in segment_members and refreshed every minute (and
 * on save); each refresh records `segment_entered` / `segment_left` events on the contacts whose
 * membership changed, so campaigns and reports can react to them like to any other event.
 */
export function createSegmentsService(ctx: Ctx, deps: { onContactDelete: (hook: (tx: DbOrTx, ws: string, id: string) => Promise<void>) => void }) {
  const db = ctx.db;
  deps.onContactDelete((tx, ws, id) =>
    tx.execute(sql`delete from segment_members where workspace_id = ${ws} and member_id = ${id}`).then(() => undefined),
  );

  const find = async (tx: DbOrTx, ws: string, id: string) => {
    const [row] = await rows<SegmentRecord>(tx, sql`select * from segments where workspace_id = ${ws} and id = ${id}`);
    if (!row) throw notFound('Segment');
    return row;
  };

  /** Compiles the rule now, so a rule that cannot run is refused when saved, naming its field. */
  const compileChecked = async (ws: string, target: SegmentTarget, rule: RuleGroup) =>
    compileRule(target, rule, await ruleContext(db, ws));

  async function refresh(ws: string, id: string): Promise<{ entered: number; left: number }> {
    const result = await db.transaction(async (tx) => {
      const seg = await find(tx, ws, id);
      const where = compileRule(seg.target, seg.rule, await ruleContext(tx, ws));
      const [diff] = await rows<{ entered: string[] | null; left: string[] | null; total: number }>(
        tx,
        sql`with cur as (select ${ID[seg.target]} as id from ${BASE[seg.target]} ${ws} and ${where}),
            ins as (insert into segment_members (workspace_id, segment_id, member_id)
                    select ${ws}, ${id}, cur.id from cur on conflict do nothing returning member_id),
            del as (delete from segment_members m where m.workspace_id = ${ws} and m.segment_id = ${id}
                    and not exists (select 1 from cur where cur.id = m.member_id) returning member_id)
            select (select array_agg(member_id) from ins) as entered, (select array_agg(member_id) from del) as left,
                   (select count(*) from cur)::int as total`,
      );
      const entered = diff?.entered ?? [];
      const left = diff?.left ?? [];
      await tx.execute(sql`update segments set member_count = ${diff?.total ?? 0}, refreshed_at = now()
                           where workspace_id = ${ws} and id = ${id}`);
      // The first fill is how the segment starts, not people entering it.
      if (seg.refreshed_at !== null && seg.target === 'contact') {
        const at = new Date().toISOString();
        const properties = { segment_id: id, segment_name: seg.name };
        const event = (name: string) => (contactId: string) => ({
          id: newId(), contact_id: contactId, name, properties, occurred_at: at, message_id: null, source: 'baton',
        });
        await insertEvents(tx, ws, [...entered.map(event(SEGMENT_ENTERED)), ...left.map(event(SEGMENT_LEFT))], new Date());
      }
      return { entered, left, first: seg.refreshed_at === null };
    });
    if (!result.first && (result.entered.length || result.left.length)) {
      await ctx.bus.publish(
        domainEvent('segment.membership_changed', ws, { segment_id: id, entered: result.entered, left: result.left }),
      );
    }
    return { entered: result.entered.length, left: result.left.length };
  }

  /**
   * Re-evaluates every contact segment of the workspace for one contact (after its events), in
   * one query over its row, and records the entries and exits like the minute refresh does.
   * Only segments already filled take part: the first refresh of a new one is silent.
   */
  async function refreshMember(ws: string, contactId: string): Promise<{ entered: string[]; left: string[] }> {
    const result = await db.transaction(async (tx) => {
      const all = await rows<SegmentRecord>(tx, sql`select * from segments where workspace_id = ${ws} and target = 'contact' and refreshed_at is not null`);
      if (all.length === 0) return { entered: [], left: [], names: new Map<string, string>() };
      const context = await ruleContext(tx, ws);
      const checks = sql.join(
        all.map((seg) => sql`(select ${seg.id}::uuid as id, exists (select 1 from ${BASE.contact} ${ws} and c.id = ${contactId}::uuid and ${compileRule('contact', seg.rule, context)}) as hit)`),
        sql` union all `,
      );
      const [diff] = await rows<{ entered: string[] | null; left: string[] | null }>(
        tx,
        sql`with now_in as (select id from (${checks}) s where hit),
            ins as (insert into segment_members (workspace_id, segment_id, member_id)
                    select ${ws}, id, ${contactId} from now_in on conflict do nothing returning segment_id),
            del as (delete from segment_members m where m.workspace_id = ${ws} and m.member_id = ${contactId}
                    and m.segment_id in (${sql.join(all.map((seg) => sql`${seg.id}::uuid`), sql`, `)})
                    and m.segment_id not in (select id from now_in) returning segment_id)
            select (select array_agg(segment_id) from ins) as entered, (select array_agg(segment_id) from del) as left`,
      );
      const entered = diff?.entered ?? [];
      const left = diff?.left ?? [];
      const names = new Map(all.map((seg) => [seg.id, seg.name]));
      if (entered.length || left.length) {
        const at = new Date().toISOString();
        const event = (name: string) => (segmentId: string) => ({
          id: newId(), contact_id: contactId, name, properties: { segment_id: segmentId, segment_name: names.get(segmentId) }, occurred_at: at, message_id: null, source: 'baton',
        });
        await insertEvents(tx, ws, [...entered.map(event(SEGMENT_ENTERED)), ...left.map(event(SEGMENT_LEFT))], new Date());
        const counts = [...entered.map((id) => [id, 1] as const), ...left.map((id) => [id, -1] as const)];
        for (const [id, delta] of counts)
          await tx.execute(sql`update segments set member_count = greatest(member_count + ${delta}, 0) where workspace_id = ${ws} and id = ${id}`);
      }
      return { entered, left, names };
    });
    for (const id of result.entered) await ctx.bus.publish(domainEvent('segment.membership_changed', ws, { segment_id: id, entered: [contactId], left: [] }));
    for (const id of result.left) await ctx.bus.publish(domainEvent('segment.membership_changed', ws, { segment_id: id, entered: [], left: [contactId] }));
    return { entered: result.entered, left: result.left };
  }

  ctx.jobs.define<Record<string, never>>(
    SEGMENT_REFRESH_QUEUE,
    async () => {
      const all = await rows<{ workspace_id: string; id: string }>(db, sql`select workspace_id, id from segments order by refreshed_at nulls first`);
      for (const s of all) await refresh(s.workspace_id, s.id);
    },
    { cron: '* * * * *', retryLimit: 1 },
  );

  return {
    async list(ws: string, page: { cursor?: string; limit: number }) {
      const list = await rows<SegmentRecord>(
        db,
        sql`select * from segments where workspace_id = ${ws} ${page.cursor ? sql`and id > ${cursorId(page.cursor)}::uuid` : sql``}
            order by id limit ${page.limit + 1}`,
      );
      const data = list.slice(0, page.limit).map(toSegment);
      return { data, next_cursor: list.length > page.limit ? Buffer.from(data.at(-1)!.id).toString('base64url') : null };
    },

    get: async (ws: string, id: string) => toSegment(await find(db, ws, id)),

    async create(ws: string, input: SegmentCreate) {
      const target = input.target ?? 'contact';
      await compileChecked(ws, target, input.rule);
      const id = newId();
      await db.execute(sql`insert into segments (workspace_id, id, name, description, target, rule)
        values (${ws}, ${id}, ${input.name}, ${input.description ?? null}, ${target}, ${JSON.stringify(input.rule)}::jsonb)`);
      await refresh(ws, id);
      return toSegment(await find(db, ws, id));
    },

    async update(ws: string, id: string, patch: SegmentUpdate) {
      const current = await find(db, ws, id);
      if (patch.rule) await compileChecked(ws, current.target, patch.rule);
      await db.execute(sql`update segments set
          name = ${patch.name ?? current.name},
          description = ${patch.description === undefined ? current.description : patch.description},
          rule = ${JSON.stringify(patch.rule ?? current.rule)}::jsonb, updated_at = now()
        where workspace_id = ${ws} and id = ${id}`);
      if (patch.rule) await refresh(ws, id);
      return toSegment(await find(db, ws, id));
    },

    async remove(ws: string, id: string) {
      await find(db, ws, id);
      await db.execute(sql`delete from segments where workspace_id = ${ws} and id = ${id}`);
    },

    /** The live count of a rule that is being edited, before it is saved. */
    async preview(ws: string, target: SegmentTarget, rule: RuleGroup): Promise<SegmentPreview> {
      const where = await compileChecked(ws, target, rule);
      const [row] = await rows<{ count: number; sample: string[] | null }>(
        db,
        sql`with m as (select ${ID[target]} as id from ${BASE[target]} ${ws} and ${where})
            select (select count(*) from m)::int as count, (select array_agg(id) from (select id from m limit 10) s) as sample`,
      );
      return { count: row?.count ?? 0, sample_ids: row?.sample ?? [] };
    },

    refresh,
    refreshMember,

    /**
     * Whether a contact or company matches a rule right now (not as of the last refresh): for
     * decisions at the moment they are made, such as routing a new conversation.
     */
    async matches(ws: string, target: SegmentTarget, rule: RuleGroup, memberId: string, via: DbOrTx = db): Promise<boolean> {
      // `via`: the caller's transaction, when it has one (PGlite has a single connection).
      const where = compileRule(target, rule, await ruleContext(via, ws));
      const [row] = await rows<{ hit: boolean }>(
        via,
        sql`select exists (select 1 from ${BASE[target]} ${ws} and ${ID[target]} = ${memberId}::uuid and ${where}) as hit`,
      );
      return row?.hit === true;
    },

    /** Whether a contact or company is in a saved segment right now. */
    async contains(ws: string, segmentId: string, memberId: string): Promise<boolean> {
      const seg = await find(db, ws, segmentId);
      return this.matches(ws, seg.target, seg.rule, memberId);
    },

    async seedDemo(ws: string) {
      for (const segment of DEMO_SEGMENTS) await this.create(ws, segment);
    },

    /** The segments a contact or company is in, as of their last refresh. */
    async of(ws: string, memberId: string) {
      const list = await rows<SegmentRecord>(
        db,
        sql`select s.* from segment_members m join segments s on s.workspace_id = m.workspace_id and s.id = m.segment_id
            where m.workspace_id = ${ws} and m.member_id = ${memberId} order by s.name`,
      );
      return list.map(toSegment);
    },
  };
}

function cursorId(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) throw badField('cursor', 'not a cursor from this list');
  return id;
}

export type SegmentsService = ReturnType<typeof createSegmentsService>;
