import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Contact } from '../../../contracts/contacts.ts';
import type { EmailChannelInfo } from '../../../contracts/email.ts';
import type { Conversation, Message, MessageList } from '../../../contracts/messenger.ts';
import { startBaton, type TestBaton } from '../../../test/harness.ts';
import { createWorkspace, restClient, type RestClient, type TestWorkspace } from '../../../test/factories.ts';
import { startReceiver, type Receiver } from '../../platform/webhooks/testing.ts';
import { parseRecipient } from './address.ts';

/**
 * The e-mail channel end to end with real SMTP on both sides: Baton sends through its SMTP
 * transport to an smtp-server this test runs (the customer's mailbox), and the customer's mail
 * comes in through Baton's own SMTP receiver (or the inbound hook) as a mail client sends it.
 */
const DOMAIN = 'in.baton.test';
const HOOK_SECRET = 'inbound-hook-secret-for-tests-only';

let mailbox: SMTPServer;
const delivered: ParsedMail[] = [];
let baton: TestBaton;
let ws: TestWorkspace;
let api: RestClient;
let support: EmailChannelInfo;
let webhooks: Receiver;
let customer: nodemailer.Transporter;

const deliveredTo = (to: string) => delivered.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === to));
const messagesOf = async (id: string) => (await api<MessageList>('GET', `/api/v1/conversations/${id}/messages`)).body.data;
const conversationsOf = async (contactId: string) =>
  (await api<{ data: Conversation[] }>('GET', `/api/v1/conversations?contact_id=${contactId}`)).body.data;
const contactByEmail = async (email: string) =>
  (await api<{ data: Contact[] }>('GET', `/api/v1/contacts?email=${encodeURIComponent(email)}`)).body.data.find((c) => c.email === email);

/** Sends as a customer's mail client would, to Baton's built-in SMTP receiver. */
const sendIn = (mail: nodemailer.SendMailOptions) => customer.sendMail({ ...mail });

beforeAll(async () => {
  mailbox = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((parsed) => {
        delivered.push(parsed);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => mailbox.listen(0, '127.0.0.1', resolve));
  const outPort = (mailbox.server.address() as AddressInfo).port;
  webhooks = await startReceiver();
  baton = await startBaton({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${outPort}`,
      MAIL_FROM: 'ACME Support <support@acme.test>',
      MAIL_INBOUND_DOMAIN: DOMAIN,
      SMTP_INBOUND_PORT: '0',
      MAIL_INBOUND_SECRET: HOOK_SECRET,
      WEBHOOKS_ALLOW_PRIVATE: '1',
    },
  });
  await baton.app.ready();
  ws = await createWorkspace(baton, 'ACME');
  api = restClient(baton, ws);
  support = (await api<EmailChannelInfo>('GET', '/api/v1/email-channel')).body;
  customer = nodemailer.createTransport({ host: '127.0.0.1', port: support.smtp_receiver_port!, secure: false, ignoreTLS: true });
  await api('POST', '/api/v1/webhooks', { url: webhooks.url, event_types: ['conversation.created', 'message.created'] });
});
afterAll(async () => {
  await baton?.stop();
  await webhooks?.close();
  await new Promise<void>((resolve) => (mailbox ? mailbox.close(() => resolve()) : resolve()));
});

describe('the e-mail channel', () => {
  it('shows the support address and the running receiver', () => {
    expect(support.address).toMatch(new RegExp(`^[a-z0-9]{12}@${DOMAIN.replace(/\./g, '\\.')}$`));
    expect(support.smtp_receiver_port).toBeGreaterThan(0);
    expect(support.hook_enabled).toBe(true);
  });

  it('an e-mail to the support address starts a conversation; the reply goes out threaded, and the answer comes back into it', async () => {
    const from = 'dana@customer.test';
    await sendIn({
      from: `Dana Customer <${from}>`,
      to: support.address,
      subject: 'Cannot export my invoices',
      messageId: '<first.dana@customer.test>',
      text: 'Hello, the export button does nothing.',
      html: '<p>Hello, the <b>export</b> button does nothing.</p><script>alert(1)</script>',
      attachments: [{ filename: 'steps.txt', content: 'click export\nnothing happens', contentType: 'text/plain' }],
    });
    const contact = await contactByEmail(from);
    expect(contact).toMatchObject({ email: from, name: 'Dana Customer' });
    const [conversation] = await conversationsOf(contact!.id);
    expect(conversation!.channel).toBe('email');
    const [first] = await messagesOf(conversation!.id);
    expect(first!.body).toBe('**Cannot export my invoices**\n\nHello, the export button does nothing.');
    expect(first!.body_html).not.toContain('<script');
    expect(first!.attachments).toHaveLength(1);
    const file = await baton.app.inject({ url: first!.attachments[0]!.url });
    expect(file.body).toBe('click export\nnothing happens');

    // Webhooks say where the conversation came from.
    await expect.poll(() => webhooks.received.map((r) => JSON.parse(r.body) as { type: string; data: { conversation: { channel: string } } }).filter((e) => e.data.conversation.channel === 'email').map((e) => e.type), { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['conversation.created', 'message.created']));

    const reply = await api<Message>('POST', `/api/v1/conversations/${conversation!.id}/messages`, { body: 'Thanks Dana — **fixed** now, please try again.' });
    expect(reply.status).toBe(201);
    await expect.poll(() => deliveredTo(from).length, { timeout: 30_000 }).toBe(1);
    const out = deliveredTo(from)[0]!;
    expect(out.subject).toBe('Re: Cannot export my invoices');
    expect(out.inReplyTo).toBe('<first.dana@customer.test>');
    expect([out.references].flat()).toEqual(['<first.dana@customer.test>']);
    expect(out.messageId).toMatch(new RegExp(`@${DOMAIN}>$`));
    expect(out.text).toContain('Thanks Dana — **fixed** now');
    expect(out.html).toContain('<strong>fixed</strong>');
    const replyTo = out.replyTo!.value[0]!.address!;
    expect(parseRecipient(replyTo, DOMAIN)?.tag).not.toBeNull();

    // The customer answers from their mail client: quoted text and all.
    await sendIn({
      from,
      to: replyTo,
      subject: 'Re: Cannot export my invoices',
      inReplyTo: out.messageId,
      references: [out.messageId!],
      text: `Works now, thank you!\n\nOn Tue, 1 Dec 2026 at 11:00, ACME Support <${replyTo}> wrote:\n> Thanks Dana — fixed now, please try again.`,
    });
    await expect.poll(async () => (await messagesOf(conversation!.id)).map((m) => m.body)).toEqual([
      first!.body,
      'Thanks Dana — **fixed** now, please try again.',
      'Works now, thank you!',
    ]);
    expect(await conversationsOf(contact!.id)).toHaveLength(1);

    // The second reply cites the whole thread.
    await api('POST', `/api/v1/conversations/${conversation!.id}/messages`, { body: 'Great!' });
    await expect.poll(() => deliveredTo(from).length, { timeout: 30_000 }).toBe(2);
    expect([deliveredTo(from)[1]!.references].flat()).toHaveLength(3);
  });

  it('never attaches mail to a forged or unsigned reply address; References count only for the same sender', async () => {
    const from = 'eve@customer.test';
    await sendIn({ from, to: support.address, subject: 'Billing', text: 'Question about billing' });
    const eve = await contactByEmail(from);
    const [real] = await conversationsOf(eve!.id);
    await api('POST', `/api/v1/conversations/${real!.id}/messages`, { body: 'Happy to help' });
    await expect.poll(() => deliveredTo(from).length, { timeout: 30_000 }).toBe(1);
    const signed = deliveredTo(from)[0]!.replyTo!.value[0]!.address!;
    const outId = deliveredTo(from)[0]!.messageId!;

    const forged = signed.replace(/\.([0-9a-f]+)@/, (_m, sig: string) => `.${sig.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}@`);
    await sendIn({ from, to: forged, subject: 'forged', text: 'Forged signature' });
    const unsigned = signed.replace(/\.[0-9a-f]+@/, '@');
    await sendIn({ from, to: unsigned, subject: 'unsigned', text: 'No signature' });
    // Someone else citing Eve's thread does not get into it.
    await sendIn({ from: 'mallory@attacker.test', to: support.address, subject: 'Re: Billing', inReplyTo: outId, references: [outId], text: 'Let me in' });
    // Eve herself citing it (no signed address) is threaded.
    await sendIn({ from, to: support.address, subject: 'Re: Billing', inReplyTo: outId, references: [outId], text: 'One more thing' });

    const bodies = async () => (await messagesOf(real!.id)).map((m) => m.body);
    await expect.poll(bodies).toEqual(['**Billing**\n\nQuestion about billing', 'Happy to help', 'One more thing']);
    expect((await conversationsOf(eve!.id)).length).toBe(3);
    const mallory = await contactByEmail('mallory@attacker.test');
    expect((await conversationsOf(mallory!.id)).map((c) => c.id)).not.toContain(real!.id);
  });

  it('the inbound hook takes raw MIME with its token, and a redelivery changes nothing', async () => {
    const raw = [
      'From: Hook Person <hook@customer.test>',
      `To: ${support.address}`,
      'Subject: Via the hook',
      'Message-ID: <hook.1@customer.test>',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Sent through a provider webhook.',
      '',
    ].join('\r\n');
    const post = (auth: string) =>
      baton.app.inject({ method: 'POST', url: '/inbound/email/mime', headers: { authorization: auth, 'content-type': 'message/rfc822' }, payload: raw });
    const refused = await post('Bearer wrong-token');
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ errors: [{ field: 'headers.authorization' }] });
    const first = await post(`Bearer ${HOOK_SECRET}`);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ status: 'started' });
    const again = await post(`Bearer ${HOOK_SECRET}`);
    expect(again.json()).toEqual({ status: 'duplicate', conversation_id: first.json<{ conversation_id: string }>().conversation_id });
    expect(await messagesOf(first.json<{ conversation_id: string }>().conversation_id)).toHaveLength(1);

    const auto = await baton.app.inject({
      method: 'POST', url: '/inbound/email/mime', headers: { authorization: `Bearer ${HOOK_SECRET}`, 'content-type': 'message/rfc822' },
      payload: raw.replace('Message-ID: <hook.1@customer.test>', 'Message-ID: <hook.2@customer.test>\r\nAuto-Submitted: auto-replied'),
    });
    expect(auto.json()).toEqual({ status: 'ignored', reason: 'auto_reply' });
  });

  it('the SMTP receiver refuses addresses it does not serve', async () => {
    await expect(sendIn({ from: 'x@customer.test', to: `nobody00000@${DOMAIN}`, subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
    await expect(sendIn({ from: 'x@customer.test', to: 'someone@elsewhere.test', subject: 'x', text: 'x' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('a Messenger reply the customer has not read after the offline delay goes out by e-mail, once', async () => {
    const email = 'frank@customer.test';
    const contact = (await api<Contact>('POST', '/api/v1/contacts', { email, name: 'Frank' })).body;
    const conv = (await api<Conversation>('POST', '/api/v1/conversations', { contact_id: contact.id, body: 'Hi from the Messenger' })).body;
    await api('POST', `/api/v1/conversations/${conv.id}/messages`, { body: 'Read this one' });
    await api('POST', `/api/v1/conversations/${conv.id}/messages`, { body: 'Nobody read this' });
    const viewer = { workspaceId: ws.workspaceId, visitorId: crypto.randomUUID(), contactId: contact.id, verified: true, canChat: true };
    await baton.services.inbox.read(ws.workspaceId, conv.id, { kind: 'visitor', viewer }, 2);

    const minutes = baton.ctx.config.MAIL_OFFLINE_REPLY_MINUTES;
    expect(await baton.services.email.sweep(new Date(Date.now() + (minutes - 1) * 60_000))).toBe(0);
    expect(await baton.services.email.sweep(new Date(Date.now() + (minutes + 1) * 60_000))).toBe(1);
    expect(await baton.services.email.sweep(new Date(Date.now() + (minutes + 2) * 60_000))).toBe(0);
    await expect.poll(() => deliveredTo(email).length, { timeout: 30_000 }).toBe(1);
    const mail = deliveredTo(email)[0]!;
    expect(mail.subject).toBe('New reply from ACME');
    expect(mail.text).toContain('Nobody read this');
    expect(mail.text).not.toContain('Read this one');

    // Frank answers the e-mail: it lands in the Messenger conversation.
    await sendIn({ from: email, to: mail.replyTo!.value[0]!.address!, subject: mail.subject, inReplyTo: mail.messageId, text: 'Got it by mail' });
    await expect.poll(async () => (await messagesOf(conv.id)).at(-1)?.body).toBe('Got it by mail');
  });
});
