import { z } from 'zod';
import { Uuid } from './common.ts';

export const MailStatus = z.enum(['queued', 'sent', 'failed', 'captured']);
export type MailStatus = z.infer<typeof MailStatus>;

/** One line of the dev mailbox (dashboard: settings → mailbox). */
export const MailboxItem = z.object({
  id: Uuid,
  to: z.string(),
  subject: z.string(),
  /** `captured`: no SMTP configured, so the mail lives only here. */
  status: MailStatus,
  createdAt: z.string(),
});
export type MailboxItem = z.infer<typeof MailboxItem>;

export const MailboxMessage = MailboxItem.extend({
  from: z.string(),
  text: z.string(),
  /** Sanitized: safe to render as HTML (no scripts, styles, event handlers or remote frames). */
  html: z.string().nullable(),
  error: z.string().nullable(),
  sentAt: z.string().nullable(),
});
export type MailboxMessage = z.infer<typeof MailboxMessage>;
