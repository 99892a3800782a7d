import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import sanitizeHtml from 'sanitize-html';
import type { AttachmentRef } from '../../../contracts/messenger.ts';
import type { ContactsService } from '../../contacts/service.ts';
import { rows } from '../../contacts/sql.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { randomToken } from '../../platform/ids.ts';
import type { MailService } from '../../platform/mail/service.ts';
import type { WorkspacesService } from '../../workspaces/service.ts';
import type { Stored } from '../attachments.ts';
import { localeOf, type InboxService } from '../service.ts';
import { messageIdOf, messageIds, parseRecipient, replyAddress, verifiedConversation, type ParsedRecipient } from './address.ts';
import { mailWords } from './mail-text.ts';
import { stripQuotedReply } from './quote.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';

export const EMAIL_REPLY_QUEUE = 'inbox.email-reply';
export const EMAIL_SWEEP_QUEUE = 'inbox.email-sweep';
/** The largest e-mail accepted, by the SMTP receiver and the inbound hook. */
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;
const MAX_FILES = 10;

export type InboundResult =
  | { status: 'started' | 'threaded' | 'duplicate'; conversation_id: string }
  | { status: 'ignored'; reason: 'unknown_recipient' | 'auto_reply' | 'no_sender' };

interface Channel {
  workspaceId: string;
  key: string;
  secret: string;
}

const addressesOf = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((o) => o.value.map((v) => v.address ?? '')).filter(Boolean);

const reSubject = (s: string) => `Re: ${s.replace(/^((re|fw|fwd|aw|ответ|回复|回覆)\s*[:：]\s*)+/i, '')}`;

/** Mail that answers itself (vacation replies, bounces, lists) must not start or continue a conversation. */
function isAutomatic(mail: ParsedMail): boolean {
  const auto = String(mail.headers.get('auto-submitted') ?? 'no').toLowerCase();
  const precedence = String(mail.headers.get('precedence') ?? '').toLowerCase();
  return auto !== 'no' || /bulk|junk|list|auto_reply/.test(precedence) || mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond');
}

/** Plain text of an HTML-only e-mail: no markup survives (the body is rendered as Markdown later). */
const plainOf = (html: string) =>
  sanitizeHtml(html.replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '\n'), { allowedTags: [], allowedAttributes: {} })
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\n{3,}/g, '\n\n');

/** 12 characters of [a-z0-9]: survives mail servers that lowercase addresses; 62 bits of randomness. */
const inboundKey = () => [...randomBytes(12)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The e-mail channel. Agent replies go to a customer by e-mail when the conversation came by
 * e-mail (at once) or when the customer has not read them in the Messenger after
 * MAIL_OFFLINE_REPLY_MINUTES; each carries a Message-ID, In-Reply-To/References of the thread
 * and a signed Reply-To. Inbound mail (SMTP receiver or hook) lands in the conversation its
 * signed address names, else the one its References point at for the same sender, else starts
 * a new e-mail conversation.
 */
export function createEmailChannel(
  ctx: Ctx,
  deps: { inbox: InboxService; contacts: ContactsService; mail: MailService; workspaces: WorkspacesService },
) {
  const db = ctx.db;
  const domain = ctx.config.inboundDomain;

  async function channel(ws: string): Promise<Channel> {
    await db.execute(sql`insert into email_channels (workspace_id, inbound_key, reply_secret)
                         values (${ws}, ${inboundKey()}, ${randomToken('', 32)})
                         on conflict do nothing`);
    const [row] = await rows<{ inbound_key: string; reply_secret: string }>(db, sql`select inbound_key, reply_secret from email_channels where workspace_id = ${ws}`);
    return { workspaceId: ws, key: row!.inbound_key, secret: row!.reply_secret };
  }

  async function channelOf(recipient: ParsedRecipient): Promise<Channel | null> {
    const [row] = await rows<{ workspace_id: string; reply_secret: string }>(
      db,
      sql`select workspace_id, reply_secret from email_channels where inbound_key = ${recipient.key}`,
    );
    return row ? { workspaceId: row.workspace_id, key: recipient.key, secret: row.reply_secret } : null;
  }

  async function recipientChannel(addresses: string[]) {
    for (const address of addresses) {
      const recipient = parseRecipient(address, domain);
      const found = recipient && (await channelOf(recipient));
      if (found) return { recipient: recipient, channel: found };
    }
    return null;
  }

  async function contactFor(ws: string, email: string, name: string | undefined): Promise<string> {
    const known = await deps.contacts.findContactId(ws, { email });
    if (known) return known.id;
    try {
      return (await deps.contacts.createContact(ws, { role: 'lead', email, name: name?.trim() || null })).id;
    } catch (err) {
      // Two e-mails from a new sender at once: the other one created the contact.
      const raced = await deps.contacts.findContactId(ws, { email });
      if (raced) return raced.id;
      throw err;
    }
  }

  async function threadOf(ws: string, ch: Channel, recipient: ParsedRecipient, mail: ParsedMail, contactId: string): Promise<string | null> {
    const signed = verifiedConversation(recipient, ch.secret);
    if (signed) {
      const [c] = await rows(db, sql`select 1 from conversations where workspace_id = ${ws} and id = ${signed}`);
      if (c) return signed;
    }
    // Without a valid signed address, a References match counts only for the same customer:
    // a Message-ID seen by others (a CC, a forward) must not open someone's conversation.
    const refs = [...messageIds(mail.inReplyTo), ...messageIds(mail.references)];
    if (refs.length === 0) return null;
    const [found] = await rows<{ conversation_id: string }>(
      db,
      sql`select e.conversation_id from email_messages e
          join conversations c on c.workspace_id = e.workspace_id and c.id = e.conversation_id
          where e.workspace_id = ${ws} and c.contact_id = ${contactId}
            and e.message_id in (select jsonb_array_elements_text(${JSON.stringify(refs)}::jsonb))
          order by e.created_at desc limit 1`,
    );
    return found?.conversation_id ?? null;
  }

  async function storeFiles(ws: string, mail: ParsedMail): Promise<{ files: Stored[]; skipped: string[] }> {
    const files: Stored[] = [];
    const skipped: string[] = [];
    for (const a of mail.attachments) {
      // Inline parts (logos in signatures) belong to the HTML we do not keep.
      if (a.related) continue;
      const name = a.filename ?? 'attachment';
      if (files.length >= MAX_FILES) {
        skipped.push(name);
        continue;
      }
      try {
        files.push(await deps.inbox.storeFile(ws, { name, contentType: a.contentType, stream: Readable.from([a.content]) }));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        skipped.push(name);
      }
    }
    return { files, skipped };
  }

  /** Takes one raw e-mail (RFC 5322), as the SMTP receiver or the hook got it. */
  async function receive(raw: Buffer, envelopeTo: string[] = []): Promise<InboundResult> {
    const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
    const delivered = [mail.headers.get('delivered-to'), mail.headers.get('x-original-to')].flat().filter((v): v is string => typeof v === 'string');
    const target = await recipientChannel([...envelopeTo, ...delivered, ...addressesOf(mail.to), ...addressesOf(mail.cc)]);
    if (!target) return { status: 'ignored', reason: 'unknown_recipient' };
    if (isAutomatic(mail)) return { status: 'ignored', reason: 'auto_reply' };
    const sender = mail.from?.value[0];
    const email = sender?.address?.trim().toLowerCase();
    // Mail from the inbound domain itself would be Baton answering Baton.
    if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.endsWith(`@${domain}`)) return { status: 'ignored', reason: 'no_sender' };
    const ws = target.channel.workspaceId;
    const messageId = messageIds(mail.messageId)[0] ?? `sha256.${createHash('sha256').update(raw).digest('hex').slice(0, 40)}@${domain}`;
    const [seen] = await rows<{ conversation_id: string }>(db, sql`select conversation_id from email_messages where workspace_id = ${ws} and message_id = ${messageId}`);
    if (seen) return { status: 'duplicate', conversation_id: seen.conversation_id };

    const contactId = await contactFor(ws, email, sender?.name);
    const conversationId = await threadOf(ws, target.channel, target.recipient, mail, contactId);
    const text = mail.text?.trim() ? mail.text : mail.html ? plainOf(mail.html) : '';
    const { files, skipped } = await storeFiles(ws, mail);
    const subject = mail.subject?.trim() || '';
    let body = stripQuotedReply(text);
    if (!conversationId && subject && !body.startsWith(subject)) body = `**${subject}**\n\n${body}`;
    if (skipped.length) body += `\n\n_(${skipped.join(', ')}: not kept — type or size not allowed)_`;
    body = body.trim() || files.map((f) => f.name).join(', ') || subject || '(empty e-mail)';

    const clientId = `em_${createHash('sha256').update(messageId).digest('base64url').slice(0, 40)}`;
    const sent = await deps.inbox.receive(ws, { contactId, conversationId, channel: 'email', clientId, body, files }, async (tx, s) => {
      await tx.execute(sql`insert into email_messages (workspace_id, message_id, conversation_id, seq, direction, subject)
                           values (${ws}, ${messageId}, ${s.conversation.id}, ${s.message.seq}, 'in', ${subject.slice(0, 500)})
                           on conflict do nothing`);
    });
    return { status: conversationId ? 'threaded' : 'started', conversation_id: sent.conversation.id };
  }

  /**
   * E-mails one agent (or bot) message to the conversation's customer, at most once. With
   * `onlyIfUnread`, a Messenger conversation's message the customer has read is left alone.
   */
  async function replyByEmail(ws: string, conversationId: string, seq: number, onlyIfUnread = true): Promise<boolean> {
    const [m] = await rows<{
      channel: string;
      contact_last_read_seq: number;
      email: string | null;
      locale: string | null;
      id: string;
      author_type: string;
      author_name: string | null;
      body: string;
      body_html: string;
      attachments: AttachmentRef[];
    }>(
      db,
      sql`select c.channel, c.contact_last_read_seq, k.email, k.locale, m.id, m.author_type, m.author_name, m.body, m.body_html, m.attachments
          from conversations c
          join messages m on m.workspace_id = c.workspace_id and m.conversation_id = c.id and m.seq = ${seq}
          join contacts k on k.workspace_id = c.workspace_id and k.id = c.contact_id
          where c.workspace_id = ${ws} and c.id = ${conversationId}`,
    );
    if (!m?.email || (m.author_type !== 'agent' && m.author_type !== 'bot')) return false;
    if (m.channel !== 'email' && onlyIfUnread && m.contact_last_read_seq >= seq) return false;
    const [ch, settings] = await Promise.all([channel(ws), deps.workspaces.settings(ws)]);
    const thread = await rows<{ message_id: string; direction: 'in' | 'out'; subject: string }>(
      db,
      sql`select message_id, direction, subject from email_messages where workspace_id = ${ws} and conversation_id = ${conversationId} order by seq`,
    );
    const words = mailWords(localeOf(m.locale ?? undefined, settings.defaultLocale));
    const firstSubject = thread.find((t) => t.subject)?.subject;
    const subject = firstSubject ? reSubject(firstSubject) : words.subject(settings.name);
    const parent = [...thread].reverse().find((t) => t.direction === 'in') ?? thread.at(-1);
    const headers: Record<string, string> = {
      'Message-ID': `<${messageIdOf(m.id, domain)}>`,
      'Reply-To': replyAddress({ key: ch.key, secret: ch.secret, conversationId, domain }),
      'Auto-Submitted': 'auto-generated',
    };
    if (parent) {
      headers['In-Reply-To'] = `<${parent.message_id}>`;
      headers.References = thread.slice(-20).map((t) => `<${t.message_id}>`).join(' ');
    }
    const who = m.author_name ? `${m.author_name} (${settings.name})` : settings.name;
    const files = m.attachments.map((a) => ({ name: a.name, url: `${ctx.config.publicUrl}${a.url}` }));
    const text = [`${who}:`, '', m.body, ...files.map((f) => `${f.name}: ${f.url}`), '', '-- ', words.footer].join('\n');
    const html = [
      `<p><strong>${escapeHtml(who)}</strong></p>`,
      `<div>${m.body_html}</div>`,
      ...files.map((f) => `<p><a href="${escapeHtml(f.url)}">${escapeHtml(f.name)}</a></p>`),
      `<hr><p style="color:#666;font-size:12px">${escapeHtml(words.footer)}</p>`,
    ].join('\n');
    let mailId: string | null = null;
    await db.transaction(async (tx) => {
      const claimed = await rows(
        tx,
        sql`insert into email_messages (workspace_id, message_id, conversation_id, seq, direction, subject)
            values (${ws}, ${messageIdOf(m.id, domain)}, ${conversationId}, ${seq}, 'out', ${firstSubject ?? subject})
            on conflict do nothing returning seq`,
      );
      if (claimed.length) mailId = await deps.mail.queue(tx, { workspaceId: ws, to: m.email!, subject, text, html, headers });
    });
    if (mailId) await deps.mail.dispatch([mailId]);
    return mailId !== null;
  }

  /**
   * Agent messages of the last day still owed an e-mail at `now`: in e-mail conversations all
   * of them, in Messenger ones those unread for the offline delay. Covers replies whose job a
   * stopped node never created; tests call it with their own clock.
   */
  async function sweep(now = new Date()): Promise<number> {
    const delay = ctx.config.MAIL_OFFLINE_REPLY_MINUTES;
    const owed = await rows<{ workspace_id: string; conversation_id: string; seq: number }>(
      db,
      sql`select m.workspace_id, m.conversation_id, m.seq
          from conversations c
          join messages m on m.workspace_id = c.workspace_id and m.conversation_id = c.id
          where c.last_agent_message_at > ${now.toISOString()}::timestamptz - interval '1 day'
            and m.author_type in ('agent', 'bot')
            and m.created_at > ${now.toISOString()}::timestamptz - interval '1 day'
            and (c.channel = 'email' or (m.seq > c.contact_last_read_seq and m.created_at <= ${now.toISOString()}::timestamptz - make_interval(mins => ${delay})))
            and not exists (select 1 from email_messages e where e.workspace_id = m.workspace_id and e.conversation_id = m.conversation_id and e.seq = m.seq)
            and exists (select 1 from contacts k where k.workspace_id = c.workspace_id and k.id = c.contact_id and k.email is not null)
          order by m.created_at limit 500`,
    );
    let sent = 0;
    for (const o of owed) if (await replyByEmail(o.workspace_id, o.conversation_id, o.seq)) sent++;
    return sent;
  }

  ctx.jobs.define<{ ws: string; conversationId: string; seq: number }>(EMAIL_REPLY_QUEUE, async (job) => {
    await replyByEmail(job.ws, job.conversationId, job.seq);
  }, { retryLimit: 5, retryDelaySeconds: 10 });
  ctx.jobs.define(EMAIL_SWEEP_QUEUE, async () => void (await sweep()), { cron: '*/5 * * * *', retryLimit: 1 });

  ctx.bus.onLocal('message.created', async (event) => {
    const { conversation, message } = event.data as { conversation: { id: string; channel: string }; message: { seq: number; author_type: string } };
    if (message.author_type === 'contact') return;
    const delay = conversation.channel === 'email' ? 0 : ctx.config.MAIL_OFFLINE_REPLY_MINUTES * 60;
    await ctx.jobs.send(EMAIL_REPLY_QUEUE, { ws: event.workspaceId, conversationId: conversation.id, seq: message.seq }, { startAfterSeconds: delay });
  });

  /** Whether the SMTP receiver should take mail for this address (it refuses everything else). */
  async function accepts(address: string): Promise<boolean> {
    const recipient = parseRecipient(address, domain);
    return recipient !== null && (await channelOf(recipient)) !== null;
  }

  let receiver: SmtpReceiver | null = null;

  return {
    receive,
    replyByEmail,
    sweep,
    accepts,
    /** Starts the built-in SMTP receiver on SMTP_INBOUND_PORT (the web role does, when it is set). */
    async listen(): Promise<void> {
      if (receiver || ctx.config.SMTP_INBOUND_PORT === undefined) return;
      receiver = await startSmtpReceiver({
        port: ctx.config.SMTP_INBOUND_PORT,
        host: ctx.config.HOST,
        domain,
        maxBytes: MAX_INBOUND_BYTES,
        log: ctx.log,
        accepts,
        receive,
      });
      ctx.log.info({ port: receiver.port }, 'inbound SMTP receiver listening');
    },
    async stopListening(): Promise<void> {
      await receiver?.close();
      receiver = null;
    },
    receiverPort: () => receiver?.port ?? null,
    /** The workspace's support address: forward the team's support mail here. */
    async supportAddress(ws: string): Promise<{ address: string; inbound_domain: string }> {
      return { address: `${(await channel(ws)).key}@${domain}`, inbound_domain: domain };
    },
  };
}

export type EmailChannel = ReturnType<typeof createEmailChannel>;
