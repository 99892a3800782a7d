import { z } from 'zod';
import { CampaignAction } from './in-app-message.ts';

const ItemId = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'use 1–40 lower-case letters, digits, _ or -');

/**
 * An onboarding checklist. An item with `event` is done when the contact does that event (the
 * server checks at delivery, the widget as the page tracks it); one without is ticked by the user.
 */
export const ChecklistItem = z.strictObject({
  id: ItemId,
  title: z.string().trim().min(1, 'is required').max(120),
  description: z.string().trim().max(500).optional(),
  event: z.string().trim().min(1, 'is required').max(200).optional(),
  action: CampaignAction.optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const ChecklistContent = z
  .strictObject({
    title: z.string().trim().min(1, 'is required').max(120),
    description: z.string().trim().max(500).optional(),
    items: z.array(ChecklistItem).min(1, 'add at least one item').max(20),
    /** Shown when every item is done. */
    completed_title: z.string().trim().min(1, 'is required').max(120),
    completed_body: z.string().trim().max(500).optional(),
    /** Badges earned at a share of items done; absent = the widget's own three (first item, half, all). */
    badges: z
      .array(z.strictObject({ percent: z.number().int().min(1).max(100), label: z.string().trim().min(1, 'is required').max(40) }))
      .max(5)
      .optional(),
    /** Filled in by the server at delivery: the items this contact has done. */
    done: z.array(ItemId).max(20).default([]),
  })
  .superRefine((c, ctx) => {
    const ids = c.items.map((i) => i.id);
    ids.forEach((id, i) => ids.indexOf(id) !== i && ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: 'item ids must be unique' }));
    const at = (c.badges ?? []).map((b) => b.percent);
    at.forEach((p, i) => at.indexOf(p) !== i && ctx.addIssue({ code: 'custom', path: ['badges', i, 'percent'], message: 'two badges at the same percentage' }));
  });
export type ChecklistContent = z.infer<typeof ChecklistContent>;
