import type { DecideBody, DecideResponse, DeliveredCampaign } from '../../contracts/campaigns.ts';
import type { ExperimentsService } from '../experiments/service.ts';
import type { KnowledgeService } from '../knowledge/service.ts';
import { evaluateSnapshot, type Exposure } from '../experiments/snapshot.ts';
import type { Ctx } from '../platform/context.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { loadContactState } from './contact-state.ts';
import { CAMPAIGNS_FLAG, controlFlag } from './control.ts';
import { recordDecision } from './decision-record.ts';
import { deliveryHook } from './delivery-hooks.ts';
import { createKnownExposures } from './known-exposures.ts';
import { candidates } from './live-index.ts';
import type { LiveCache } from './live.ts';
import { select, type LiveCampaign } from './select.ts';
import { presentedBase } from './presented.ts';
import { createArticleSuggestions } from './suggested-article.ts';

export interface EngineDeps {
  experiments: ExperimentsService;
  workspaces: WorkspacesService;
  knowledge: KnowledgeService;
}

type Decide = Omit<DecideBody, 'trigger'> & { trigger: NonNullable<DecideBody['trigger']> };

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://page.invalid').pathname;
  } catch {
    return '/';
  }
}

/**
 * Answers the widget for one page view or trigger in at most two round trips: the workspace's
 * live campaigns and the lab's running experiments are in memory, so a decision reads the
 * contact's state in one query (contact-state.ts), selects in memory, decides the global holdout
 * and control groups by hash, and writes what is new (the session's sends, first exposures) in
 * one statement.
 */
export function createDecisionEngine(ctx: Ctx, live: LiveCache, deps: EngineDeps) {
  const db = ctx.db;
  const suggestedArticle = createArticleSuggestions(ctx, deps.knowledge);
  const senders = new Map<string, { at: number; names: Map<string, string>; workspace: string }>();
  const knownExposures = createKnownExposures();

  async function sendersOf(ws: string) {
    const hit = senders.get(ws);
    if (hit && Date.now() - hit.at < 60_000) return hit;
    const [team, settings] = await Promise.all([deps.workspaces.team.overview(ws), deps.workspaces.settings(ws)]);
    const entry = { at: Date.now(), names: new Map(team.members.map((m) => [m.agentId, m.name])), workspace: settings.name };
    senders.set(ws, entry);
    return entry;
  }

  /**
   * The campaigns to hand out — uncapped ones outside their control group, and the best capped
   * one — with the lab exposures to record: the campaigns flag's, and those of the campaigns the
   * contact qualified for and was split on (the capped ones only up to the one shown).
   */
  async function throughLab(ws: string, contactId: string, capped: LiveCampaign[], uncapped: LiveCampaign[]): Promise<{ chosen: LiveCampaign[]; exposures: Exposure[] }> {
    const flagOf = (c: LiveCampaign) => (c.experimentId && c.controlPct > 0 ? controlFlag(c.id) : null);
    const flags = [CAMPAIGNS_FLAG.key, ...[...capped, ...uncapped].flatMap((c) => flagOf(c) ?? [])];
    const units = { contact: contactId };
    const inMemory = evaluateSnapshot(await deps.experiments.snapshot(ws), units, flags);
    // A gated experiment on one of these flags (eligibility segment, entry window) needs the lab's
    // own evaluation, which records every exposure it decides.
    const evaluation = inMemory?.evaluation ?? (await deps.experiments.evaluate(ws, { units, flags }));
    const consulted = new Set<string>([CAMPAIGNS_FLAG.key]);
    const exposuresOf = () => inMemory?.exposures.filter((x) => consulted.has(x.flag)) ?? [];
    if (evaluation.held_out || evaluation.flags[CAMPAIGNS_FLAG.key]?.value === false) return { chosen: [], exposures: exposuresOf() };
    // A flag no running experiment decides (the lab stopped it) leaves the campaign on for everyone.
    const inControl = (c: LiveCampaign) => {
      const flag = flagOf(c);
      if (!flag) return false;
      consulted.add(flag);
      const decided = evaluation.flags[flag];
      return decided?.experiment != null && decided.value === false;
    };
    const chosen = uncapped.filter((c) => !inControl(c));
    const first = capped.find((c) => !inControl(c));
    if (first) chosen.unshift(first);
    return { chosen, exposures: exposuresOf() };
  }

  /** Whether a campaign's answer has a per-contact or per-page part on top of its shared base. */
  const personal = (c: LiveCampaign) => c.type === 'in_app_message' || deliveryHook(c.type) !== undefined;

  async function present(ws: string, contactId: string, c: LiveCampaign, path: string, locale: string | undefined): Promise<DeliveredCampaign> {
    const base = presentedBase(c, locale);
    let content = base.content;
    const hook = deliveryHook(c.type);
    if (hook) content = await hook({ db, workspaceId: ws, contactId, campaignId: c.id, content });
    if (c.type === 'in_app_message' && content.suggest_article === true) {
      const article = await suggestedArticle(ws, path, locale);
      if (article) content = { ...content, action: { label: article.title, kind: 'url', url: article.url, new_tab: true } };
    }
    let sender: DeliveredCampaign['sender'] = null;
    if (c.type === 'in_app_message') {
      const s = await sendersOf(ws);
      const agent = typeof content.sender_agent_id === 'string' ? s.names.get(content.sender_agent_id) : undefined;
      sender = { name: agent ?? s.workspace, avatar_url: null };
    }
    return { ...base, content, sender };
  }

  return {
    async decide(ws: string, contactId: string, body: Decide): Promise<DecideResponse> {
      const set = await live.get(ws);
      const theme = { color: set.settings.color };
      const path = pathOf(body.url);
      const pool =
        body.trigger.type === 'manual'
          ? [set.byId.get(body.trigger.campaign_id)].filter((c): c is LiveCampaign => c !== undefined)
          : candidates(set.index, body.trigger, path);
      if (pool.length === 0) return { campaigns: [], theme };
      const now = new Date();
      const { state, sentSession } = await loadContactState(ctx.database, ws, contactId, body.session_id, body.time_zone, now);
      const selection = select(pool, state, set.settings, { path, trigger: body.trigger, now });
      if (selection.capped.length === 0 && selection.uncapped.length === 0) return { campaigns: [], theme };
      const { chosen, exposures } = await throughLab(ws, contactId, selection.capped, selection.uncapped);
      const fresh = knownExposures.unknown(ws, exposures);
      const sent = chosen.filter((c) => !sentSession.has(c.id)).map((c) => c.id);
      await recordDecision(ctx.database, ws, contactId, body.session_id, { sent, exposures: fresh });
      knownExposures.remember(ws, fresh);
      if (chosen.length === 0) return { campaigns: [], theme };
      // Hotspots and banners, most of a new contact's answer, are their shared base as it is.
      return { campaigns: await Promise.all(chosen.map((c) => (personal(c) ? present(ws, contactId, c, path, body.locale) : presentedBase(c, body.locale)))), theme };
    },
  };
}

export type DecisionEngine = ReturnType<typeof createDecisionEngine>;

