import { and, eq, sql } from 'drizzle-orm';
import type { Role } from '../../contracts/auth.ts';
import type { Message } from '../../contracts/messenger.ts';
import {
  ReviewSubmit as ReviewSubmitSchema,
  ScorecardInput as ScorecardInputSchema,
  TrendQuery as TrendQuerySchema,
  type Calibration,
  type ReviewCreate,
  type ReviewDetail,
  type ReviewListQuery,
  type ReviewSubmit,
  type Scorecard,
  type ScorecardInput,
  type Trend,
  type TrendQuery,
} from '../../contracts/qa.ts';
import type { ContactsService } from '../contacts/service.ts';
import { rows } from '../contacts/sql.ts';
import type { InboxService } from '../inbox/service.ts';
import type { Ctx } from '../platform/context.ts';
import { AppError, badField, notFound } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { loadReviews } from './reviews.ts';
import { sampleAssignments } from './sampling.ts';
import { qaMessageComments, qaReviews, qaScorecards } from './schema.ts';
import { agreement, weightedScore } from './score.ts';
import { lastWholeWeek, recentWeeks } from './weeks.ts';

export const SAMPLE_QUEUE = 'qa.weekly-sample';
/** Mondays 06:00 UTC: last week's conversations are closed and reviewers start the week with them. */
const SAMPLE_CRON = '0 6 * * 1';
/** The longest thread a review screen shows. */
const MAX_MESSAGES = 1000;

/** Who is asking: QA is for signed-in agents only, and what they see depends on their role. */
export interface Caller {
  agentId: string;
  role: Role;
}

export interface QaNotifier {
  reviewed(ws: string, input: { agentId: string; conversationId: string; reviewerName: string; excerpt: string }): Promise<void>;
}

interface Deps {
  inbox: InboxService;
  workspaces: WorkspacesService;
  contacts: ContactsService;
  notify?: QaNotifier;
}

const isLead = (c: Caller) => c.role === 'owner' || c.role === 'admin';
const requireLead = (c: Caller) => {
  if (!isLead(c)) throw new AppError('forbidden', 'Requires role owner or admin');
};

type ScorecardRow = typeof qaScorecards.$inferSelect;
const toScorecard = (s: ScorecardRow): Scorecard => ({
  id: s.id,
  name: s.name,
  criteria: s.criteria,
  weekly_sample: s.weeklySample,
  created_at: s.createdAt.toISOString(),
  updated_at: s.updatedAt.toISOString(),
});

/**
 * Quality assurance: scorecards, peer-review assignments (sampled weekly by a durable job, or
 * asked for by hand), reviews with per-message comments, calibration and weekly trends. Agents
 * see the reviews they are to do and the finished reviews of their own conversations; owners and
 * admins see everything.
 */
export function createQaService(ctx: Ctx, deps: Deps) {
  const db = ctx.db;

  // A deleted contact's conversations are gone by now (the Inbox's hook runs first): their reviews follow.
  deps.contacts.onDelete(async (tx, ws) => {
    await tx.execute(sql`delete from qa_message_comments m where m.workspace_id = ${ws}
      and not exists (select 1 from qa_reviews r join conversations c on c.workspace_id = r.workspace_id and c.id = r.conversation_id
                      where r.workspace_id = m.workspace_id and r.id = m.review_id)`);
    await tx.execute(sql`delete from qa_reviews r where r.workspace_id = ${ws}
      and not exists (select 1 from conversations c where c.workspace_id = r.workspace_id and c.id = r.conversation_id)`);
  });

  async function scorecard(ws: string, id: string): Promise<ScorecardRow> {
    const [found] = await db.select().from(qaScorecards).where(and(eq(qaScorecards.workspaceId, ws), eq(qaScorecards.id, id)));
    if (!found) throw notFound('Scorecard');
    return found;
  }

  const memberIds = async (ws: string) => new Set((await deps.workspaces.team.overview(ws)).members.map((m) => m.agentId));

  async function assign(ws: string, scorecardId: string, source: 'sample' | 'manual', list: Array<{ conversationId: string; agentId: string; reviewerId: string }>) {
    if (list.length === 0) return 0;
    const inserted = await db
      .insert(qaReviews)
      .values(list.map((a) => ({ workspaceId: ws, id: newId(), scorecardId, source, ...a })))
      .onConflictDoNothing()
      .returning({ id: qaReviews.id });
    return inserted.length;
  }

  /** Samples closed conversations of `[from, to)` for every agent under one scorecard. */
  async function sample(ws: string, scorecardId: string, range: { from: Date; to: Date }, perAgent?: number): Promise<number> {
    const card = await scorecard(ws, scorecardId);
    const n = perAgent ?? card.weeklySample;
    if (n === 0) return 0;
    const members = await memberIds(ws);
    const candidates = (
      await rows<{ id: string; assignee_id: string }>(
        db,
        sql`select id, assignee_id from conversations
            where workspace_id = ${ws} and state = 'closed' and assignee_id is not null
              and closed_at >= ${range.from.toISOString()} and closed_at < ${range.to.toISOString()}`,
      )
    )
      .filter((c) => members.has(c.assignee_id))
      .map((c) => ({ conversationId: c.id, agentId: c.assignee_id }));
    const seed = `${scorecardId}:${range.from.toISOString()}:${range.to.toISOString()}`;
    return assign(ws, scorecardId, 'sample', sampleAssignments(seed, candidates, [...members].sort(), n));
  }

  /** The weekly job: last whole week, every scorecard that samples. */
  async function sampleWeek(now = new Date()): Promise<number> {
    const week = lastWholeWeek(now);
    const cards = await rows<{ workspace_id: string; id: string }>(db, sql`select workspace_id, id from qa_scorecards where weekly_sample > 0 order by workspace_id, id`);
    let assigned = 0;
    for (const c of cards) assigned += await sample(c.workspace_id, c.id, week);
    return assigned;
  }
  ctx.jobs.define(SAMPLE_QUEUE, async () => void (await sampleWeek()), { cron: SAMPLE_CRON });

  /** A review the caller may read: theirs to do, a finished one of their own conversation, or any for leads. */
  async function visibleReview(ws: string, caller: Caller, id: string) {
    const [review] = await loadReviews(db, ws, sql`r.id = ${id}`);
    const mayRead = review && (isLead(caller) || review.reviewer_id === caller.agentId || (review.agent_id === caller.agentId && review.status === 'done'));
    if (!mayRead) throw notFound('Review');
    return review;
  }

  async function thread(ws: string, caller: Caller, conversationId: string): Promise<Message[]> {
    const out: Message[] = [];
    let after = 0;
    for (;;) {
      const page = await deps.inbox.messages(ws, conversationId, { kind: 'agent', agentId: caller.agentId }, { after_seq: after, limit: 200 });
      out.push(...page.data);
      if (!page.has_more || out.length >= MAX_MESSAGES || page.data.length === 0) return out;
      after = page.data[page.data.length - 1]!.seq;
    }
  }

  async function detail(ws: string, caller: Caller, id: string): Promise<ReviewDetail> {
    const review = await visibleReview(ws, caller, id);
    const [card, messages] = await Promise.all([scorecard(ws, review.scorecard_id), thread(ws, caller, review.conversation_id)]);
    return { ...review, scorecard: toScorecard(card), messages };
  }

  return {
    sample,
    sampleWeek,

    scorecards: {
      list: async (ws: string) => ({
        data: (await db.select().from(qaScorecards).where(eq(qaScorecards.workspaceId, ws)).orderBy(qaScorecards.createdAt, qaScorecards.id)).map(toScorecard),
      }),
      async create(ws: string, caller: Caller, input: ScorecardInput): Promise<Scorecard> {
        requireLead(caller);
        const v = ScorecardInputSchema.parse(input);
        const [row] = await db.insert(qaScorecards).values({ workspaceId: ws, id: newId(), name: v.name, criteria: v.criteria, weeklySample: v.weekly_sample }).returning();
        return toScorecard(row!);
      },
      /** Finished reviews keep the score they were given; the new criteria apply to reviews submitted from now on. */
      async update(ws: string, caller: Caller, id: string, input: ScorecardInput): Promise<Scorecard> {
        requireLead(caller);
        await scorecard(ws, id);
        const v = ScorecardInputSchema.parse(input);
        const [row] = await db
          .update(qaScorecards)
          .set({ name: v.name, criteria: v.criteria, weeklySample: v.weekly_sample, updatedAt: new Date() })
          .where(and(eq(qaScorecards.workspaceId, ws), eq(qaScorecards.id, id)))
          .returning();
        return toScorecard(row!);
      },
    },

    reviews: {
      /** "Review this conversation": by the caller, or (leads) by the reviewers named, several for calibration. */
      async create(ws: string, caller: Caller, input: ReviewCreate) {
        await scorecard(ws, input.scorecard_id);
        const conversation = await deps.inbox.row(ws, input.conversation_id, { kind: 'agent', agentId: caller.agentId });
        const agentId = conversation.assigneeId;
        if (!agentId) throw badField('body.conversation_id', 'has no assignee to review');
        const reviewerIds = [...new Set(input.reviewer_ids ?? [caller.agentId])];
        if (reviewerIds.some((id) => id !== caller.agentId)) requireLead(caller);
        const members = await memberIds(ws);
        reviewerIds.forEach((id, i) => {
          if (!members.has(id)) throw badField(`body.reviewer_ids.${i}`, 'is not an agent of this workspace');
          if (id === agentId) throw badField(`body.reviewer_ids.${i}`, 'is the agent of this conversation: nobody reviews their own');
        });
        await assign(ws, input.scorecard_id, 'manual', reviewerIds.map((reviewerId) => ({ conversationId: conversation.id, agentId, reviewerId })));
        return {
          data: await loadReviews(
            db,
            ws,
            sql`r.scorecard_id = ${input.scorecard_id} and r.conversation_id = ${conversation.id} and r.reviewer_id in (${sql.join(reviewerIds.map((r) => sql`${r}`), sql`, `)})`,
          ),
        };
      },

      async list(ws: string, caller: Caller, query: ReviewListQuery) {
        const where = [sql`true`];
        if (query.reviewer === 'me') where.push(sql`r.reviewer_id = ${caller.agentId}`);
        if (query.agent_id) {
          if (!isLead(caller) && query.agent_id !== caller.agentId) throw new AppError('forbidden', 'Agents see only their own reviews');
          where.push(sql`r.agent_id = ${query.agent_id}`);
        }
        // Without leading rights: what the caller reviews, or the finished reviews of their own conversations.
        if (!isLead(caller) && query.reviewer !== 'me') where.push(sql`r.agent_id = ${caller.agentId} and r.status = 'done'`);
        if (query.status) where.push(sql`r.status = ${query.status}`);
        return { data: await loadReviews(db, ws, sql.join(where, sql` and `)) };
      },

      get: detail,

      /** Scores every criterion and replaces the message comments; a finished review can be edited by its reviewer. */
      async submit(ws: string, caller: Caller, id: string, input: ReviewSubmit): Promise<ReviewDetail> {
        const review = await visibleReview(ws, caller, id);
        if (review.reviewer_id !== caller.agentId) throw new AppError('forbidden', 'Only its reviewer submits a review');
        const body = ReviewSubmitSchema.parse(input);
        const card = await scorecard(ws, review.scorecard_id);
        for (const key of Object.keys(body.scores)) {
          if (!card.criteria.some((c) => c.id === key)) throw badField(`body.scores.${key}`, 'is not a criterion of this scorecard');
        }
        for (const c of card.criteria) {
          const points = body.scores[c.id];
          if (points === undefined) throw badField(`body.scores.${c.id}`, 'is required');
          if (points < 1 || points > c.scale) throw badField(`body.scores.${c.id}`, `must be 1 to ${c.scale}`);
        }
        const messageIds = new Set(
          (await rows<{ id: string }>(db, sql`select id from messages where workspace_id = ${ws} and conversation_id = ${review.conversation_id}`)).map((m) => m.id),
        );
        body.message_comments.forEach((m, i) => {
          if (!messageIds.has(m.message_id)) throw badField(`body.message_comments.${i}.message_id`, 'is not a message of this conversation');
        });
        const score = weightedScore(card.criteria, body.scores);
        await db.transaction(async (tx) => {
          await tx
            .update(qaReviews)
            .set({ scores: body.scores, score, comment: body.comment, status: 'done', completedAt: sql`coalesce(${qaReviews.completedAt}, now())` })
            .where(and(eq(qaReviews.workspaceId, ws), eq(qaReviews.id, id)));
          await tx.delete(qaMessageComments).where(and(eq(qaMessageComments.workspaceId, ws), eq(qaMessageComments.reviewId, id)));
          if (body.message_comments.length > 0) {
            await tx.insert(qaMessageComments).values(body.message_comments.map((m) => ({ workspaceId: ws, id: newId(), reviewId: id, messageId: m.message_id, body: m.body })));
          }
        });
        if (review.status === 'pending' && deps.notify) {
          await deps.notify.reviewed(ws, {
            agentId: review.agent_id,
            conversationId: review.conversation_id,
            reviewerName: review.reviewer_name,
            excerpt: `${card.name}: ${Math.round(score)} / 100`,
          });
        }
        return detail(ws, caller, id);
      },
    },

    async trend(ws: string, caller: Caller, query: TrendQuery): Promise<Trend> {
      const q = TrendQuerySchema.parse(query);
      if (!isLead(caller)) {
        if (q.team_id) throw new AppError('forbidden', 'Team trends need role owner or admin');
        if (q.agent_id && q.agent_id !== caller.agentId) throw new AppError('forbidden', 'Agents see only their own reviews');
      }
      const agentId = q.agent_id ?? (isLead(caller) ? undefined : caller.agentId);
      const weeks = recentWeeks(new Date(), q.weeks);
      const whose = agentId
        ? sql`and r.agent_id = ${agentId}`
        : q.team_id
          ? sql`and r.agent_id in (select agent_id from team_members where workspace_id = ${ws} and team_id = ${q.team_id})`
          : sql``;
      const found = await rows<{ week_start: Date | string; conversations: number; average: number }>(
        db,
        sql`with per_conversation as (
              select date_trunc('week', r.completed_at at time zone 'UTC') as week_start, r.conversation_id, avg(r.score) as score
              from qa_reviews r
              where r.workspace_id = ${ws} and r.status = 'done' and r.completed_at >= ${weeks[0]!.start.toISOString()} ${whose}
              group by 1, 2)
            select to_char(week_start, 'YYYY-MM-DD') as week_start, count(*)::int as conversations, avg(score)::float8 as average
            from per_conversation group by week_start`,
      );
      const byStart = new Map(found.map((f) => [String(f.week_start), f]));
      return {
        weeks: weeks.map((w) => {
          const f = byStart.get(w.start.toISOString().slice(0, 10));
          return { week: w.week, start: w.start.toISOString(), conversations: f?.conversations ?? 0, average: f ? Number(f.average) : null };
        }),
      };
    },

    /** Conversations that several reviewers finished on the same scorecard, with how far apart they are. */
    async calibration(ws: string, caller: Caller): Promise<Calibration> {
      requireLead(caller);
      const done = await loadReviews(
        db,
        ws,
        sql`r.status = 'done' and (r.scorecard_id, r.conversation_id) in (
              select scorecard_id, conversation_id from qa_reviews where workspace_id = ${ws} and status = 'done'
              group by 1, 2 having count(*) >= 2)`,
        1000,
      );
      const groups = new Map<string, typeof done>();
      for (const r of done) groups.set(`${r.scorecard_id}:${r.conversation_id}`, [...(groups.get(`${r.scorecard_id}:${r.conversation_id}`) ?? []), r]);
      const cards = new Map((await db.select().from(qaScorecards).where(eq(qaScorecards.workspaceId, ws))).map((c) => [c.id, c]));
      return {
        data: [...groups.values()].map((reviews) => {
          const first = reviews[0]!;
          const scored = reviews.map((r) => ({ review_id: r.id, reviewer_name: r.reviewer_name, score: r.score!, scores: r.scores }));
          return {
            conversation_id: first.conversation_id,
            scorecard_id: first.scorecard_id,
            scorecard_name: first.scorecard_name,
            agent_name: first.agent_name,
            reviews: scored,
            ...agreement(cards.get(first.scorecard_id)!.criteria, scored),
          };
        }),
      };
    },
  };
}

export type QaService = ReturnType<typeof createQaService>;
