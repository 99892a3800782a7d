import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import { and, desc, eq, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import type { DbOrTx } from '../db.ts';
import { isUuid, newId } from '../ids.ts';
import { agents, memberships } from '../../workspaces/schema.ts';
import { outboxEmails } from './schema.ts';
import { sanitizeMailHtml } from './sanitize.ts';

export interface OutgoingMail {
  workspaceId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

export type OutboxRow = typeof outboxEmails.$inferSelect;

export const MAIL_QUEUE = 'mail.send';
const RETRIES = 8;
/** Outbox rows (and so the dev mailbox) keep this many days; a daily job removes older ones. */
export const OUTBOX_DAYS = 30;

/**
 * Reduces an SMTP failure to what the server said. Errors from nodemailer may carry the
 * connection URL or the AUTH exchange, and with them the SMTP password.
 */
function safeSmtpError(err: unknown): string {
  const e = err as { code?: unknown; responseCode?: unknown; response?: unknown };
  const parts = [e.code, e.responseCode, e.response].filter((p) => typeof p === 'string' || typeof p === 'number');
  return parts.join(' ').slice(0, 500) || 'SMTP delivery failed';
}

/**
 * Mail is written to the outbox first and then sent by a durable job, so an SMTP outage delays
 * mail but never loses it. Without SMTP_URL the outbox is the dev mailbox.
 */
export function createMailService(ctx: Ctx) {
  let transport: Transporter | undefined;
  const smtp = () =>
    (transport ??= nodemailer.createTransport({
      // Fail an attempt quickly and let the queue retry, rather than hold a worker for minutes;
      // settings given in the URL's query string still win.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      ...parseConnectionUrl(ctx.config.SMTP_URL!),
    }));

  ctx.jobs.define<{ id: string }>(
    MAIL_QUEUE,
    async ({ id }, meta) => {
      const [row] = await ctx.db.select().from(outboxEmails).where(eq(outboxEmails.id, id));
      if (!row || row.status === 'sent') return;
      try {
        const info = await smtp().sendMail({
          from: row.from,
          to: row.to,
          subject: row.subject,
          text: row.text,
          html: row.html ?? undefined,
          headers: row.headers,
        });
        await ctx.db
          .update(outboxEmails)
          .set({ status: 'sent', sentAt: new Date(), messageId: info.messageId, error: null })
          .where(eq(outboxEmails.id, id));
      } catch (err) {
        const safe = safeSmtpError(err);
        // Still `queued` while the queue will try again; `failed` once it has given up.
        const status = meta.retryCount >= RETRIES ? 'failed' : 'queued';
        await ctx.db.update(outboxEmails).set({ status, error: safe }).where(eq(outboxEmails.id, id));
        // eslint-disable-next-line preserve-caught-error -- the cause may carry SMTP credentials
        throw new Error(safe);
      }
    },
    { retryLimit: RETRIES, retryDelaySeconds: 10 },
  );

  /** Removes finished outbox rows past retention, in every workspace (a maintenance job). */
  async function prune(): Promise<void> {
    await ctx.db
      .delete(outboxEmails)
      .where(
        and(
          lt(outboxEmails.createdAt, sql`now() - make_interval(days => ${OUTBOX_DAYS})`),
          inArray(outboxEmails.status, ['sent', 'failed', 'captured']),
        ),
      );
  }
  ctx.jobs.define('mail.prune', prune, { cron: '27 3 * * *', retryLimit: 2 });

  /** Creates the send jobs of written mail, then notes that they exist. */
  async function dispatch(ids: string[]): Promise<void> {
    // Without SMTP the outbox is the dev mailbox: nothing to send.
    if (!ctx.config.SMTP_URL) return;
    for (const id of ids) await ctx.jobs.send(MAIL_QUEUE, { id });
    if (ids.length) await ctx.db.update(outboxEmails).set({ dispatchedAt: new Date() }).where(inArray(outboxEmails.id, ids));
  }

  /**
   * Mail written in a caller's transaction whose job was never created (the process stopped
   * between the commit and `dispatch`) is handed over here, a few minutes late but not lost.
   */
  async function sweep(): Promise<void> {
    const stranded = await ctx.db
      .select({ id: outboxEmails.id })
      .from(outboxEmails)
      .where(
        and(
          eq(outboxEmails.status, 'queued'),
          isNull(outboxEmails.dispatchedAt),
          lt(outboxEmails.createdAt, sql`now() - interval '2 minutes'`),
        ),
      )
      .limit(1000);
    await dispatch(stranded.map((r) => r.id));
  }
  ctx.jobs.define('mail.sweep', sweep, { cron: '*/5 * * * *', retryLimit: 1 });

  /**
   * What a dev mailbox shows to one agent: the workspace's mail, plus mail that belongs to no
   * workspace (password resets) addressed to that agent — and only while it was captured rather
   * than sent. Never a teammate's reset link: an admin must not be able to take over an account.
   */
  const visibleTo = (workspaceId: string, viewerAgentId: string): SQL =>
    or(
      eq(outboxEmails.workspaceId, workspaceId),
      and(
        isNull(outboxEmails.workspaceId),
        eq(outboxEmails.status, 'captured'),
        inArray(
          sql`lower(${outboxEmails.to})`,
          ctx.db
            .select({ email: sql`lower(${agents.email})` })
            .from(agents)
            .innerJoin(memberships, eq(memberships.agentId, agents.id))
            .where(and(eq(memberships.workspaceId, workspaceId), eq(agents.id, viewerAgentId))),
        ),
      ),
    )!;

  const insert = async (db: DbOrTx, mail: OutgoingMail) => {
    const id = newId();
    const captured = !ctx.config.SMTP_URL;
    await db.insert(outboxEmails).values({
      id,
      workspaceId: mail.workspaceId,
      to: mail.to,
      from: ctx.config.MAIL_FROM,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers ?? {},
      status: captured ? 'captured' : 'queued',
    });
    return { id, captured };
  };

  return {
    prune,
    sweep,

    /** Writes the mail and sends it now. */
    async send(mail: OutgoingMail): Promise<string> {
      const { id, captured } = await insert(ctx.db, mail);
      if (!captured) await dispatch([id]);
      return id;
    },

    /**
     * Writes the mail in the caller's transaction, so it exists exactly when the caller's other
     * writes do. After the commit, pass the ids to `dispatch`; the sweep covers a crash between.
     */
    async queue(tx: DbOrTx, mail: OutgoingMail): Promise<string> {
      return (await insert(tx, mail)).id;
    },
    dispatch,

    /** The dev mailbox, newest first. */
    async list(workspaceId: string, viewerAgentId: string, limit = 100) {
      return ctx.db
        .select({
          id: outboxEmails.id,
          to: outboxEmails.to,
          subject: outboxEmails.subject,
          status: outboxEmails.status,
          createdAt: outboxEmails.createdAt,
        })
        .from(outboxEmails)
        .where(visibleTo(workspaceId, viewerAgentId))
        .orderBy(desc(outboxEmails.createdAt), desc(outboxEmails.id))
        .limit(limit);
    },

    /** One mail of the dev mailbox, its HTML sanitized for display; undefined when not visible. */
    async get(workspaceId: string, viewerAgentId: string, id: string): Promise<OutboxRow | undefined> {
      if (!isUuid(id)) return undefined;
      const [row] = await ctx.db
        .select()
        .from(outboxEmails)
        .where(and(eq(outboxEmails.id, id), visibleTo(workspaceId, viewerAgentId)));
      return row && { ...row, html: row.html === null ? null : sanitizeMailHtml(row.html) };
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;
