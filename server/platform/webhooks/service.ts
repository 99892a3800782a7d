import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import {
  isWebhookEventType,
  WEBHOOK_TEST_EVENT,
  type CreateWebhookBody,
  type UpdateWebhookBody,
} from '../../../contracts/webhooks.ts';
import type { DomainEvent } from '../bus.ts';
import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db.ts';
import { badField, notFound } from '../errors.ts';
import { isUuid, newId } from '../ids.ts';
import { postWebhook } from './sender.ts';
import { signatureHeaders, newWebhookSecret } from './signing.ts';
import { assertPublicTarget, UnsafeTargetError } from './ssrf.ts';
import { webhookDeliveries, webhooks } from './schema.ts';
import { createSubscriptionCache } from './subscriptions.ts';

export type WebhookRow = typeof webhooks.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export const DELIVERY_QUEUE = 'webhook.deliver';
/** Retries after the first attempt; with backoff from 5 s they span about half an hour. */
export const DELIVERY_RETRIES = 8;

/** The delivery log keeps this many days; a daily job removes older entries. */
export const DELIVERY_LOG_DAYS = 30;
const PRUNE_QUEUE = 'webhook.prune';
const SWEEP_QUEUE = 'webhook.sweep';

/** Where a producer writes the webhooks of its events (see the service's `outbox`). */
export interface WebhookOutbox {
  /** The delivery rows (ids and webhooks) of one event, for a producer that writes them in its own statement. */
  plan(workspaceId: string, type: string): Promise<{ id: string; webhook_id: string }[]>;
  /** Writes the deliveries of these events in the producer's transaction; returns their ids. */
  queue(tx: DbOrTx, events: DomainEvent | readonly DomainEvent[]): Promise<string[]>;
  /** After the commit: publishes the events; the deliveries `ids` get their jobs off the caller's path. */
  publish(events: readonly DomainEvent[], ids: string[]): Promise<void>;
  /** After the commit: creates the jobs of these deliveries now. */
  dispatch(workspaceId: string, ids: string[]): Promise<void>;
}

interface DeliveryJob {
  workspaceId: string;
  deliveryId: string;
}

/**
 * Webhook subscriptions and their deliveries. Domain events from the bus become one delivery row
 * per matching subscription plus a durable job; the job signs and POSTs, and pg-boss retries it
 * with exponential backoff until it succeeds or the retries run out.
 */
export function createWebhooksService(ctx: Ctx) {
  const allowPrivate = () => ctx.config.WEBHOOKS_ALLOW_PRIVATE;
  const loadOn = (db: DbOrTx) => async (workspaceId: string) =>
    db
      .select({ workspaceId: webhooks.workspaceId, id: webhooks.id, eventTypes: webhooks.eventTypes })
      .from(webhooks)
      .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.active, true)));
  const subscriptions = createSubscriptionCache(loadOn(ctx.db));

  async function checkUrl(url: string): Promise<void> {
    try {
      await assertPublicTarget(url, allowPrivate());
    } catch (err) {
      if (err instanceof UnsafeTargetError) throw badField('url', err.message);
      throw err;
    }
  }

  async function find(workspaceId: string, id: string): Promise<WebhookRow> {
    if (!isUuid(id)) throw notFound('Webhook');
    const [row] = await ctx.db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
    if (!row) throw notFound('Webhook');
    return row;
  }

  async function enqueue(hook: Pick<WebhookRow, 'workspaceId' | 'id'>, type: string, at: string, data: Record<string, unknown>) {
    const [delivery] = await ctx.db
      .insert(webhookDeliveries)
      .values({
        workspaceId: hook.workspaceId,
        id: newId(),
        webhookId: hook.id,
        eventType: type,
        payload: { type, timestamp: at, data },
      })
      .returning();
    try {
      await ctx.jobs.send<DeliveryJob>(DELIVERY_QUEUE, { workspaceId: hook.workspaceId, deliveryId: delivery!.id });
    } catch (err) {
      // The log must not show a delivery as pending when no job will ever send it.
      await ctx.db
        .update(webhookDeliveries)
        .set({ status: 'failed', lastError: 'Could not be queued for delivery', updatedAt: new Date() })
        .where(and(eq(webhookDeliveries.workspaceId, hook.workspaceId), eq(webhookDeliveries.id, delivery!.id)));
      throw err;
    }
    return delivery!;
  }

  /** Event types whose deliveries their producer writes in its own transaction (see `outbox`). */
  const outboxed = new Set<string>();
  /** Deliveries committed with an event published on this node, by event id: the fan-out creates their jobs. */
  const committed = new Map<string, { workspaceId: string; ids: string[] }>();

  async function fanOut(event: DomainEvent): Promise<void> {
    if (outboxed.has(event.type)) {
      const done = committed.get(event.id);
      if (done) {
        committed.delete(event.id);
        await dispatch(done.workspaceId, done.ids);
      }
      return;
    }
    if (!isWebhookEventType(event.type)) return;
    const subs = await subscriptions.get(event.workspaceId);
    for (const hook of subs) {
      if (hook.eventTypes.includes(event.type)) await enqueue(hook, event.type, event.at, event.data);
    }
  }

  async function deliver({ workspaceId, deliveryId }: DeliveryJob, retryCount: number): Promise<void> {
    const [row] = await ctx.db
      .select({ delivery: webhookDeliveries, hook: webhooks })
      .from(webhookDeliveries)
      .innerJoin(
        webhooks,
        and(eq(webhooks.workspaceId, webhookDeliveries.workspaceId), eq(webhooks.id, webhookDeliveries.webhookId)),
      )
      .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, deliveryId)));
    // Gone with its webhook, or already done by an earlier attempt: nothing to send.
    if (!row || row.delivery.status === 'succeeded') return;
    const { delivery, hook } = row;
    const body = JSON.stringify(delivery.payload);
    const result = await postWebhook(hook.url, signatureHeaders(hook.secret, delivery.id, body), body, {
      allowPrivate: allowPrivate(),
    });
    const final = result.ok || retryCount >= DELIVERY_RETRIES;
    await ctx.db
      .update(webhookDeliveries)
      .set({
        status: result.ok ? 'succeeded' : final ? 'failed' : 'pending',
        attempts: delivery.attempts + 1,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        lastDurationMs: result.durationMs,
        updatedAt: new Date(),
      })
      .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, deliveryId)));
    // Throwing hands the retry and its backoff to the queue.
    if (!result.ok) throw new Error(`webhook delivery ${deliveryId} failed: ${result.error}`);
  }

  ctx.jobs.define<DeliveryJob>(DELIVERY_QUEUE, (job, meta) => deliver(job, meta.retryCount), {
    retryLimit: DELIVERY_RETRIES,
    retryDelaySeconds: ctx.config.WEBHOOKS_RETRY_DELAY_SECONDS,
  });
  ctx.bus.onLocal('*', fanOut);

  /** Removes delivery log entries past retention, in every workspace (a maintenance job). */
  async function prune(): Promise<void> {
    await ctx.db
      .delete(webhookDeliveries)
      .where(lt(webhookDeliveries.createdAt, sql`now() - make_interval(days => ${DELIVERY_LOG_DAYS})`));
  }
  ctx.jobs.define(PRUNE_QUEUE, prune, { cron: '17 3 * * *', retryLimit: 2 });

  /** Creates the jobs of deliveries written in a producer's transaction, then notes that they exist. */
  async function dispatch(workspaceId: string, ids: string[]): Promise<void> {
    for (const deliveryId of ids) await ctx.jobs.send<DeliveryJob>(DELIVERY_QUEUE, { workspaceId, deliveryId });
    if (ids.length) {
      await ctx.db
        .update(webhookDeliveries)
        .set({ undispatched: false })
        .where(and(eq(webhookDeliveries.workspaceId, workspaceId), inArray(webhookDeliveries.id, ids)));
    }
  }

  /** Outbox deliveries whose job was never created (the node stopped after the commit) are handed over here. */
  async function sweep(olderThanSeconds = 60): Promise<number> {
    const stranded = await ctx.db
      .select({ workspaceId: webhookDeliveries.workspaceId, id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .where(and(sql`undispatched`, lt(webhookDeliveries.createdAt, sql`now() - make_interval(secs => ${olderThanSeconds})`)))
      .limit(1000);
    const byWorkspace = new Map<string, string[]>();
    for (const r of stranded) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r.id]);
    for (const [workspaceId, ids] of byWorkspace) await dispatch(workspaceId, ids);
    return stranded.length;
  }
  ctx.jobs.define(SWEEP_QUEUE, () => sweep().then(() => undefined), { cron: '* * * * *', retryLimit: 1 });

  return {
    /**
     * Webhooks of event types that must go out exactly when their producer's writes commit (a
     * transactional outbox): `queue` writes the events' delivery rows in the producer's
     * transaction (or `plan` names the rows for a producer that writes them in its own
     * statement); after the commit, `publish` puts the events on the bus and this node's fan-out
     * creates the jobs off the caller's path (`dispatch` does it at once), and the minutely sweep
     * does it for rows a stopped node left. The bus fan-out leaves these types alone, so every
     * producer of one of them must write its deliveries this way.
     */
    outbox(...types: string[]): WebhookOutbox {
      for (const type of types) outboxed.add(type);
      const wanting = async (workspaceId: string, type: string, tx?: DbOrTx) => {
        if (!types.includes(type)) throw new Error(`${type} is not an event type of this outbox`);
        return (await subscriptions.get(workspaceId, tx && loadOn(tx))).filter((h) => h.eventTypes.includes(type));
      };
      return {
        async plan(workspaceId, type) {
          return (await wanting(workspaceId, type)).map((hook) => ({ id: newId(), webhook_id: hook.id }));
        },
        async queue(tx, events) {
          const values = [];
          for (const event of Array.isArray(events) ? events : [events]) {
            for (const hook of await wanting(event.workspaceId, event.type, tx)) {
              values.push({
                workspaceId: hook.workspaceId,
                id: newId(),
                webhookId: hook.id,
                eventType: event.type,
                payload: { type: event.type, timestamp: event.at, data: event.data },
                undispatched: true,
              });
            }
          }
          if (values.length === 0) return [];
          const rows = await tx.insert(webhookDeliveries).values(values).returning({ id: webhookDeliveries.id });
          return rows.map((r) => r.id);
        },
        async publish(events, ids) {
          if (ids.length > 0 && events[0]) committed.set(events[0].id, { workspaceId: events[0].workspaceId, ids });
          await ctx.bus.publishAll(events);
        },
        dispatch,
      };
    },

    sweep,

    async list(workspaceId: string): Promise<WebhookRow[]> {
      return ctx.db.select().from(webhooks).where(eq(webhooks.workspaceId, workspaceId)).orderBy(webhooks.createdAt);
    },

    get: find,

    prune,

    async create(workspaceId: string, input: CreateWebhookBody & { event_types: string[] }): Promise<WebhookRow> {
      await checkUrl(input.url);
      const [row] = await ctx.db
        .insert(webhooks)
        .values({
          workspaceId,
          id: newId(),
          url: input.url,
          description: input.description ?? null,
          eventTypes: input.event_types,
          secret: newWebhookSecret(),
        })
        .returning();
      subscriptions.forget(workspaceId);
      return row!;
    },

    async update(workspaceId: string, id: string, input: UpdateWebhookBody): Promise<WebhookRow> {
      const current = await find(workspaceId, id);
      if (input.url !== undefined) await checkUrl(input.url);
      const changes = {
        ...(input.url !== undefined && { url: input.url }),
        ...(input.description !== undefined && { description: input.description }),
        ...(input.event_types !== undefined && { eventTypes: input.event_types }),
        ...(input.active !== undefined && { active: input.active }),
      };
      if (Object.keys(changes).length === 0) return current;
      const [row] = await ctx.db
        .update(webhooks)
        .set(changes)
        .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
        .returning();
      subscriptions.forget(workspaceId);
      return row!;
    },

    async remove(workspaceId: string, id: string): Promise<void> {
      await find(workspaceId, id);
      await ctx.db.transaction(async (tx) => {
        await tx
          .delete(webhookDeliveries)
          .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.webhookId, id)));
        await tx.delete(webhooks).where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)));
      });
      subscriptions.forget(workspaceId);
    },

    async rotateSecret(workspaceId: string, id: string): Promise<WebhookRow> {
      await find(workspaceId, id);
      const [row] = await ctx.db
        .update(webhooks)
        .set({ secret: newWebhookSecret() })
        .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
        .returning();
      return row!;
    },

    /** A `webhook.test` ping, sent even to a paused webhook so it can be checked before enabling. */
    async sendTest(workspaceId: string, id: string): Promise<DeliveryRow> {
      const hook = await find(workspaceId, id);
      return enqueue(hook, WEBHOOK_TEST_EVENT, new Date().toISOString(), {
        webhook_id: hook.id,
        message: 'This is a test delivery from Baton.',
      });
    },

    /** Newest first; ids are UUIDv7, so the id is both the order and the cursor. */
    async deliveries(workspaceId: string, id: string, page: { cursor?: string; limit: number }) {
      await find(workspaceId, id);
      if (page.cursor !== undefined && !isUuid(page.cursor)) throw badField('cursor', 'is not a cursor from this list');
      const rows = await ctx.db
        .select()
        .from(webhookDeliveries)
        .where(
          and(
            eq(webhookDeliveries.workspaceId, workspaceId),
            eq(webhookDeliveries.webhookId, id),
            page.cursor ? lt(webhookDeliveries.id, page.cursor) : undefined,
          ),
        )
        .orderBy(desc(webhookDeliveries.id))
        .limit(page.limit + 1);
      const more = rows.length > page.limit;
      const data = more ? rows.slice(0, page.limit) : rows;
      return { data, nextCursor: more ? data[data.length - 1]!.id : null };
    },
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
