import { z } from 'zod';

/** An action button: opens a URL (same tab or new), starts the Messenger, or just closes. */
export const CampaignAction = z.strictObject({
  label: z.string().trim().min(1, 'is required').max(60),
  kind: z.enum(['url', 'open_messenger', 'dismiss']).default('url'),
  /** http(s) or a path on the host page; required for `url`. */
  url: z
    .string()
    .max(2000)
    .regex(/^(https?:\/\/|\/)/, 'use an http(s) URL or a path starting with /')
    .optional(),
  new_tab: z.boolean().default(false),
});
export type CampaignAction = z.infer<typeof CampaignAction>;

/** Markdown-light text the widget renders as escaped text with paragraphs and links. */
export const CampaignText = z.string().trim().min(1, 'is required').max(5000);

/**
 * An in-app message: `chat` appears like a message from a teammate beside the launcher, `post`
 * is a larger card in the corner, `modal` a centred dialog over the page.
 */
export const InAppMessageContent = z.strictObject({
  style: z.enum(['chat', 'post', 'modal']),
  /** A teammate (agent id) the chat-style message appears from; the workspace name when absent. */
  sender_agent_id: z.uuid().nullable().optional(),
  title: z.string().trim().max(200).optional(),
  body: CampaignText,
  image_url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  action: CampaignAction.optional(),
  /**
   * "Stuck? Here is how to …": the button opens the Help Center article suggested for the page
   * the contact is on (Knowledge → page suggestions); the `action` is kept for pages without one.
   */
  suggest_article: z.boolean().optional(),
});
export type InAppMessageContent = z.infer<typeof InAppMessageContent>;
