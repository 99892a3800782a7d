import { z } from 'zod';
import { Uuid } from './common.ts';

/** The workspace's e-mail channel, as Settings shows it. */
export const EmailChannelInfo = z.object({
  /** Forward the team's support mail here; e-mails to it start conversations. */
  address: z.string(),
  inbound_domain: z.string(),
  /** The built-in SMTP receiver's port, when it runs (SMTP_INBOUND_PORT). */
  smtp_receiver_port: z.number().int().nullable(),
  /** Whether the inbound hook POST /inbound/email/mime is on (MAIL_INBOUND_SECRET). */
  hook_enabled: z.boolean(),
  offline_reply_minutes: z.number().int(),
});
export type EmailChannelInfo = z.infer<typeof EmailChannelInfo>;

export const InboundQuery = z.object({
  to: z.union([z.string().max(320), z.array(z.string().max(320)).max(50)]).optional().describe('Envelope recipient(s), when the provider knows them'),
});

export const InboundResult = z.union([
  z.object({ status: z.enum(['started', 'threaded', 'duplicate']), conversation_id: Uuid }),
  z.object({ status: z.literal('ignored'), reason: z.enum(['unknown_recipient', 'auto_reply', 'no_sender']) }),
]);
