import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Ctx } from '../context.ts';
import { newId } from '../ids.ts';
import { outboxEmails } from './schema.ts';

export interface OutgoingMail {
  workspaceId: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
}

const QUEUE = 'mail.send';

/**
 * Mail is written to the outbox first and then sent by a durable job, so an SMTP outage delays
 * mail but never loses it. Without SMTP_URL the outbox is the dev mailbox.
 */
export function createMailService(ctx: Ctx) {
  let transport: Transporter | undefined;
  const smtp = () => (transport ??= nodemailer.createTransport(ctx.config.SMTP_URL!));

  ctx.jobs.define<{ id: string }>(
    QUEUE,
    async ({ id }) => {
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
        // SMTP errors can echo the connection URL; keep only the server's reply code and text.
        const e = err as { responseCode?: number; response?: string; code?: string };
        const safe = [e.code, e.responseCode, e.response].filter(Boolean).join(' ') || 'SMTP delivery failed';
        await ctx.db.update(outboxEmails).set({ status: 'failed', error: safe }).where(eq(outboxEmails.id, id));
        // eslint-disable-next-line preserve-caught-error -- the cause may carry SMTP credentials
        throw new Error(safe);
      }
    },
    { retryLimit: 8, retryDelaySeconds: 10 },
  );

  return {
    async send(mail: OutgoingMail): Promise<string> {
      const id = newId();
      const captured = !ctx.config.SMTP_URL;
      await ctx.db.insert(outboxEmails).values({
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
      if (!captured) await ctx.jobs.send(QUEUE, { id });
      return id;
    },

    /** The dev mailbox: mail of this workspace plus mail addressed to its agents outside any workspace. */
    async list(workspaceId: string, agentEmails: string[], limit = 100) {
      const rows = await ctx.db
        .select()
        .from(outboxEmails)
        .orderBy(desc(outboxEmails.createdAt))
        .limit(limit * 4);
      const lower = new Set(agentEmails.map((e) => e.toLowerCase()));
      return rows
        .filter((r) => r.workspaceId === workspaceId || (r.workspaceId === null && lower.has(r.to.toLowerCase())))
        .slice(0, limit);
    },

    async get(workspaceId: string, id: string) {
      const [row] = await ctx.db
        .select()
        .from(outboxEmails)
        .where(and(eq(outboxEmails.id, id), eq(outboxEmails.workspaceId, workspaceId)));
      return row;
    },

    async unscoped(id: string) {
      const [row] = await ctx.db.select().from(outboxEmails).where(and(eq(outboxEmails.id, id), isNull(outboxEmails.workspaceId)));
      return row;
    },
  };
}

export type MailService = ReturnType<typeof createMailService>;
