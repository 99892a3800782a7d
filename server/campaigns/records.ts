import type { Campaign } from '../../contracts/campaigns.ts';
import type { campaigns } from './schema.ts';

export type CampaignRecord = typeof campaigns.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCampaign(r: CampaignRecord): Campaign {
  return {
    id: r.id,
    type: r.type,
    state: r.state,
    name: r.name,
    audience_segment_id: r.audienceSegmentId,
    trigger: r.trigger,
    pages: r.pages,
    schedule: r.schedule,
    frequency: r.frequency,
    priority: r.priority,
    goal: r.goal ?? null,
    control_pct: r.controlPct,
    default_locale: r.defaultLocale as Campaign['default_locale'],
    content: r.content,
    experiment_id: r.experimentId,
    started_at: iso(r.startedAt),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
  };
}
