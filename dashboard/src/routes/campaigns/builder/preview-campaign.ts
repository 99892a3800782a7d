import type { CampaignCreate, CampaignLocale, DeliveredCampaign } from '../../../../../contracts/campaigns.ts';
import { starterContent, type BuilderType, type Content } from './content.ts';

/**
 * The campaign as the widget would receive it in `locale`: that locale's content, else the
 * default locale's (the server's fallback); empty texts get a placeholder so the card has a shape.
 */
export function previewOf(draft: CampaignCreate, locale: CampaignLocale, id: string | undefined, words: { body: string; sender: string }): DeliveredCampaign {
  const type = draft.type as BuilderType;
  const fallback = draft.default_locale ?? 'en';
  const own = draft.content[locale] as Content | undefined;
  const content: Content = { ...starterContent(type), ...(own ?? (draft.content[fallback] as Content | undefined)) };
  if ('body' in content && !content.body) content.body = words.body;
  if (type === 'tour' && Array.isArray(content.steps)) content.steps = (content.steps as Content[]).map((s) => ({ ...s, body: s.body || words.body }));
  return { id: id ?? 'preview', type, priority: 0, delay_seconds: 0, locale: own ? locale : fallback, content, capped: true, sender: { name: words.sender, avatar_url: null } };
}
