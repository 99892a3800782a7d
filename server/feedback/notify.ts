import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { NotificationRun, StartNotification } from '../../contracts/feedback.ts';
import { StartNotification as StartNotificationSchema } from '../../contracts/feedback.ts';
import { rows } from '../contacts/sql.ts';
import type { InboxService } from '../inbox/service.ts';
import { localeOf } from '../inbox/service.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import type { MailService } from '../platform/mail/service.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { feedbackNotified, feedbackNotifyRuns } from './schema.ts';

export const NOTIFY_QUEUE = 'feedback.notify';
const SWEEP_QUEUE = 'feedback.notify-sweep';
/** Customers handled between two progress writes. */
const PROGRESS_EVERY = 10;

type RunRow = typeof feedbackNotifyRuns.$inferSelect;

interface Customer {
  contact_id: string;
  email: string | null;
  locale: string | null;
  /** Their latest linked conversation: where a Messenger message goes. */
  conversation_id: string;
}

export const toRun = (r: RunRow): NotificationRun => ({
  id: r.id,
  item_id: r.itemId,
  channel: r.channel,
  status: r.finishedAt ? 'done' : 'running',
  total: r.total,
  sent: r.sent,
  skipped: r.skipped,
  created_at: r.createdAt.toISOString(),
  finished_at: r.finishedAt?.toISOString() ?? null,
});

/** The Messenger message's client id: one per item, so a conversation never gets it twice. */
const clientIdOf = (itemId: string) => `feedback-${itemId}`;

/**
 * "Notify affected customers" of a shipped item, as a durable job. Every customer is claimed in
 * `feedback_notified` (primary key: item and contact) before anything is sent, so neither a
 * retried job nor a second run tells anyone twice: an e-mail is written to the outbox in the
 * claiming transaction; a Messenger message goes to the conversation the claim names, with a
 * client id the Inbox refuses to append twice.
 */
export function createNotifier(ctx: Ctx, deps: { inbox: InboxService; mail: MailService; workspaces: WorkspacesService }) {
  const customers = (ws: string, itemId: string) =>
    rows<Customer>(ctx.db, sql`
      select distinct on (c.contact_id) c.contact_id, ct.email, ct.locale, c.id as conversation_id
      from feedback_links l
      join conversations c on c.workspace_id = l.workspace_id and c.id = l.conversation_id
      join contacts ct on ct.workspace_id = c.workspace_id and ct.id = c.contact_id
      where l.workspace_id = ${ws} and l.item_id = ${itemId}
      order by c.contact_id, c.created_at desc, c.id`);

  async function start(ws: string, itemId: string, agentId: string | null, input: StartNotification): Promise<RunRow> {
    const body = StartNotificationSchema.parse(input);
    const [running] = await ctx.db
      .select()
      .from(feedbackNotifyRuns)
      .where(and(eq(feedbackNotifyRuns.workspaceId, ws), eq(feedbackNotifyRuns.itemId, itemId), isNull(feedbackNotifyRuns.finishedAt)));
    if (running) throw new AppError('conflict', 'Customers of this item are being notified already', [{ field: 'body.channel', message: 'a notification is running' }]);
    const total = (await customers(ws, itemId)).length;
    const [run] = await ctx.db
      .insert(feedbackNotifyRuns)
      .values({ workspaceId: ws, id: newId(), itemId, channel: body.channel, defaultLocale: body.default_locale, texts: body.texts, agentId, total })
      .returning();
    await ctx.jobs.send(NOTIFY_QUEUE, { workspaceId: ws, runId: run!.id });
    return run!;
  }

  async function work({ workspaceId: ws, runId }: { workspaceId: string; runId: string }): Promise<void> {
    const [run] = await ctx.db.select().from(feedbackNotifyRuns).where(and(eq(feedbackNotifyRuns.workspaceId, ws), eq(feedbackNotifyRuns.id, runId)));
    if (!run || run.finishedAt) return;
    const [item] = await rows<{ title: string }>(ctx.db, sql`select title from feedback_items where workspace_id = ${ws} and id = ${run.itemId}`);
    if (!item) return;
    const settings = await deps.workspaces.settings(ws);
    const stillMember = run.agentId !== null && (await deps.workspaces.team.overview(ws)).members.some((m) => m.agentId === run.agentId);
    const actor = stillMember ? { kind: 'agent' as const, agentId: run.agentId! } : { kind: 'api_key' as const };
    const textFor = (c: Customer) => run.texts[localeOf(c.locale ?? undefined, settings.defaultLocale)] ?? run.texts[run.defaultLocale]!;

    // Tallied afresh on every attempt, so a retry reports the same numbers as one clean pass.
    let sent = 0;
    let skipped = 0;
    const progress = (finished: boolean) =>
      ctx.db
        .update(feedbackNotifyRuns)
        .set({ sent, skipped, ...(finished ? { finishedAt: new Date() } : {}) })
        .where(and(eq(feedbackNotifyRuns.workspaceId, ws), eq(feedbackNotifyRuns.id, runId)));

    const list = await customers(ws, run.itemId);
    for (const [i, c] of list.entries()) {
      const outcome = run.channel === 'email' ? await byEmail(run, c, textFor(c), item.title) : await byMessenger(run, c, textFor(c), actor);
      if (outcome === 'sent') sent++;
      else skipped++;
      if ((i + 1) % PROGRESS_EVERY === 0) await progress(false);
    }
    await progress(true);
  }

  /** Claims the customer and writes the mail in one transaction; no address, or claimed by another run: skipped. */
  async function byEmail(run: RunRow, c: Customer, text: { subject?: string; body: string }, title: string): Promise<'sent' | 'skipped'> {
    if (!c.email) return 'skipped';
    const outcome = await ctx.db.transaction(async (tx) => {
      const claimed = await tx
        .insert(feedbackNotified)
        .values({ workspaceId: run.workspaceId, itemId: run.itemId, contactId: c.contact_id, runId: run.id, sentAt: new Date() })
        .onConflictDoNothing()
        .returning();
      if (claimed.length === 0) return (await ownerOf(tx, run, c.contact_id)) === run.id ? ('sent' as const) : ('skipped' as const);
      const id = await deps.mail.queue(tx, { workspaceId: run.workspaceId, to: c.email!, subject: text.subject || title, text: text.body });
      return id;
    });
    if (outcome === 'sent' || outcome === 'skipped') return outcome;
    await deps.mail.dispatch([outcome]);
    return 'sent';
  }

  /** Claims the customer with the conversation to write in, then writes there (at most once per conversation). */
  async function byMessenger(
    run: RunRow,
    c: Customer,
    text: { body: string },
    actor: { kind: 'agent'; agentId: string } | { kind: 'api_key' },
  ): Promise<'sent' | 'skipped'> {
    await ctx.db
      .insert(feedbackNotified)
      .values({ workspaceId: run.workspaceId, itemId: run.itemId, contactId: c.contact_id, runId: run.id, conversationId: c.conversation_id })
      .onConflictDoNothing();
    const [claim] = await ctx.db
      .select()
      .from(feedbackNotified)
      .where(and(eq(feedbackNotified.workspaceId, run.workspaceId), eq(feedbackNotified.itemId, run.itemId), eq(feedbackNotified.contactId, c.contact_id)));
    if (!claim || claim.runId !== run.id) return 'skipped';
    if (claim.sentAt) return 'sent';
    try {
      await deps.inbox.send(run.workspaceId, actor, claim.conversationId!, { body: text.body, clientId: clientIdOf(run.itemId) });
    } catch (err) {
      // The conversation was deleted (with its contact) since: nobody to tell.
      if (err instanceof AppError && err.code === 'not_found') return 'skipped';
      throw err;
    }
    await ctx.db
      .update(feedbackNotified)
      .set({ sentAt: new Date() })
      .where(and(eq(feedbackNotified.workspaceId, run.workspaceId), eq(feedbackNotified.itemId, run.itemId), eq(feedbackNotified.contactId, c.contact_id)));
    return 'sent';
  }

  async function ownerOf(db: DbOrTx, run: RunRow, contactId: string): Promise<string | undefined> {
    const [row] = await db
      .select({ runId: feedbackNotified.runId })
      .from(feedbackNotified)
      .where(and(eq(feedbackNotified.workspaceId, run.workspaceId), eq(feedbackNotified.itemId, run.itemId), eq(feedbackNotified.contactId, contactId)));
    return row?.runId;
  }

  /** A run whose job was never created (the node stopped right after the insert) is picked up here. */
  async function sweep(): Promise<void> {
    const stranded = await ctx.db
      .select({ workspaceId: feedbackNotifyRuns.workspaceId, id: feedbackNotifyRuns.id })
      .from(feedbackNotifyRuns)
      .where(and(isNull(feedbackNotifyRuns.finishedAt), sql`${feedbackNotifyRuns.createdAt} < now() - interval '5 minutes'`))
      .limit(100);
    for (const r of stranded) await ctx.jobs.send(NOTIFY_QUEUE, { workspaceId: r.workspaceId, runId: r.id }, { singletonKey: r.id });
  }

  ctx.jobs.define(NOTIFY_QUEUE, work, { retryLimit: 8 });
  ctx.jobs.define(SWEEP_QUEUE, sweep, { cron: '*/5 * * * *', retryLimit: 1 });

  return {
    start,
    work,
    async list(ws: string, itemId: string): Promise<NotificationRun[]> {
      const found = await ctx.db
        .select()
        .from(feedbackNotifyRuns)
        .where(and(eq(feedbackNotifyRuns.workspaceId, ws), eq(feedbackNotifyRuns.itemId, itemId)))
        .orderBy(desc(feedbackNotifyRuns.createdAt), desc(feedbackNotifyRuns.id));
      return found.map(toRun);
    },
  };
}
