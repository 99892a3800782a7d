import type { DecideBody, DecideResponse, DeliveredCampaign } from '../../contracts/campaigns.ts';
import type { ExperimentsService } from '../experiments/service.ts';
import type { KnowledgeService } from '../knowledge/service.ts';
import { anyGated, snapshotDecider, type Exposure } from '../experiments/snapshot.ts';
import type { Ctx } from '../platform/context.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { loadContactState } from './contact-state.ts';
import { CAMPAIGNS_FLAG, controlFlag } from './control.ts';
import { recordDecision } from './decision-record.ts';
import { deliveryHook } from './delivery-hooks.ts';
import { createKnownExposures } from './known-exposures.ts';
import { candidates } from './live-index.ts';
import type { LiveCache } from './live.ts';
import { hasControl, ranked, select, type LiveCampaign } from './select.ts';
import { presentedBase } from './presented.ts';
import { createArticleSuggestions } from './suggested-article.ts';
import { createWriteBehind } from './write-behind.ts';

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

type Decided = { value: unknown; experiment: string | null } | undefined;

/**
 * The campaigns to hand out given the lab's answer per flag: none for the global holdout or with
 * campaigns off; else the uncapped ones outside their control group and the best capped one that
 * is. A flag no running experiment decides (the lab stopped it) leaves the campaign on for everyone.
 */
function pick(capped: LiveCampaign[], uncapped: LiveCampaign[], flagOf: (c: LiveCampaign) => string | null, heldOut: boolean, decide: (flag: string) => Decided): LiveCampaign[] {
  if (heldOut || decide(CAMPAIGNS_FLAG.key)?.value === false) return [];
  const inControl = (c: LiveCampaign) => {
    const flag = flagOf(c);
    if (!flag) return false;
    const decided = decide(flag);
    return decided?.experiment != null && decided.value === false;
  };
  const chosen = uncapped.filter((c) => !inControl(c));
  const first = capped.find((c) => !inControl(c));
  if (first) chosen.unshift(first);
  return chosen;
}

/**
 * Answers the widget for one page view or trigger in one round trip: the workspace's
 * live campaigns and the lab's running experiments are in memory, so a decision reads the
 * contact's state in one query (contact-state.ts), selects in memory, decides the global holdout
 * and control groups by hash, and writes what is new (the session's sends, first exposures) in
 * one statement after the answer (write-behind.ts).
 */
export function createDecisionEngine(ctx: Ctx, live: LiveCache, deps: EngineDeps) {
  const db = ctx.db;
  const suggestedArticle = createArticleSuggestions(ctx, deps.knowledge);
  const senders = new Map<string, { at: number; names: Map<string, string>; workspace: string }>();
  const knownExposures = createKnownExposures();
  const records = createWriteBehind(ctx.log);

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
    const flagOf = (c: LiveCampaign) => (hasControl(c) ? controlFlag(c.id) : null);
    const units = { contact: contactId };
    const snapshot = await deps.experiments.snapshot(ws);
    const flags = [CAMPAIGNS_FLAG.key, ...[...capped, ...uncapped].flatMap((c) => flagOf(c) ?? [])];
    // A gated experiment on one of these flags (eligibility segment, entry window) needs the lab's
    // own evaluation, which records every exposure it decides.
    if (anyGated(snapshot, flags)) {
      const evaluation = await deps.experiments.evaluate(ws, { units, flags });
      return { chosen: pick(capped, uncapped, flagOf, evaluation.held_out, (flag) => evaluation.flags[flag]), exposures: [] };
    }
    // In memory, a flag is decided only when the pick asks for it: the capped candidates' control
    // groups up to the one shown (often the first), not the dozen behind it. The exposures are
    // exactly the flags asked.
    const decider = snapshotDecider(snapshot, units);
    const exposures: Exposure[] = [];
    const chosen = pick(capped, uncapped, flagOf, decider.heldOut, (flag) => {
      const { decided, exposure } = decider.decide(flag);
      if (exposure) exposures.push(exposure);
      return decided;
    });
    return { chosen, exposures };
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
    /** Waits for the decision records of every answer given so far (readers of sends and exposures on this node, shutdown). */
    settled: records.settled,
    async decide(ws: string, contactId: string, body: Decide): Promise<DecideResponse> {
      const set = await live.get(ws);
      const theme = { color: set.settings.color };
      const path = pathOf(body.url);
      const pool =
        body.trigger.type === 'manual'
          ? ranked([set.byId.get(body.trigger.campaign_id)].filter((c): c is LiveCampaign => c !== undefined))
          : candidates(set.index, body.trigger, path);
      if (pool.length === 0) return { campaigns: [], theme };
      const key = `${ws}:${contactId}`;
      await records.after(key);
      const now = new Date();
      const { state, sentSession } = await loadContactState(ctx.database, ws, contactId, body.session_id, body.time_zone, now);
      const selection = select(pool, state, set.settings, { path, trigger: body.trigger, now });
      if (selection.capped.length === 0 && selection.uncapped.length === 0) return { campaigns: [], theme };
      const { chosen, exposures } = await throughLab(ws, contactId, selection.capped, selection.uncapped);
      const fresh = knownExposures.unknown(ws, exposures);
      const sent = chosen.filter((c) => !sentSession.has(c.id)).map((c) => c.id);
      records.start(key, async () => {
        await recordDecision(ctx.database, ws, contactId, body.session_id, { sent, exposures: fresh });
        knownExposures.remember(ws, fresh);
      });
      if (chosen.length === 0) return { campaigns: [], theme };
      // Hotspots and banners, most of a new contact's answer, are their shared base as it is.
      return { campaigns: await Promise.all(chosen.map((c) => (personal(c) ? present(ws, contactId, c, path, body.locale) : presentedBase(c, body.locale)))), theme };
    },
  };
}

export type DecisionEngine = ReturnType<typeof createDecisionEngine>;

