import { and, eq } from 'drizzle-orm';
import type { ExperimentCreate } from '../../contracts/experiments.ts';
import { prng } from '../contacts/demo.ts';
import { parseBatch } from '../contacts/segment.ts';
import type { Ctx } from '../platform/context.ts';
import { newId } from '../platform/ids.ts';
import type { Services } from '../services.ts';
import { experiments } from './schema.ts';

/**
 * Two finished experiments for the demo workspace, in the direction and size of the seed
 * articles, played through the real pipeline: people, companies and their events go through the
 * Segment batch ingestion, the arms come from each experiment's own hash, and the report computes
 * everything from those rows like for any customer.
 *
 * - help-links holdout (companies, 28-day entry): no help links → fewer conversations and help
 *   searches, and about 9 points fewer conversions to paid; article readers look ~2.5× likelier
 *   to convert, most of which is who they are (engaged users read more), not the articles.
 * - real-time chat split (contacts, 16 weeks): more questions (+18%), trials (+30%), revenue (+15%).
 */

const DAY = 86_400_000;
const HELP_COMPANIES = 1200;
const CHAT_CONTACTS = 1600;
const BATCH = 400;

type Message = Record<string, unknown>;
type Random = ReturnType<typeof prng>;

/** Knuth's Poisson sampler: fine for the small means used here. */
function poisson(r: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = r.next(); p > limit; p *= r.next()) k++;
  return k;
}

/** Independent seeded streams, one per purpose, so one draw more in one place shifts no other. */
const streams = (seed: number) => ({
  unit: prng(seed + 1), a: prng(seed + 2), b: prng(seed + 3), c: prng(seed + 4), d: prng(seed + 5), e: prng(seed + 6), f: prng(seed + 7),
});

const INDUSTRIES = ['Software', 'Retail', 'Education', 'Healthcare', 'Media'];
const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ru', 'kk'];

async function ingest(services: Services, ws: string, messages: Message[]) {
  for (let i = 0; i < messages.length; i += BATCH) {
    const receivedAt = new Date();
    await services.contacts.ingest(ws, parseBatch({ batch: messages.slice(i, i + BATCH) }, receivedAt.getTime(), newId), receivedAt);
  }
}

const track = (userId: string, event: string, at: number, properties: Record<string, unknown> = {}): Message => ({
  type: 'track', userId, event, properties: { demo: true, ...properties }, timestamp: new Date(at).toISOString(),
});

async function finish(ctx: Ctx, ws: string, id: string, startedAt: number, stoppedAt: number) {
  await ctx.db
    .update(experiments)
    .set({ status: 'stopped', startedAt: new Date(startedAt), stoppedAt: new Date(stoppedAt) })
    .where(and(eq(experiments.workspaceId, ws), eq(experiments.id, id)));
}

async function helpLinksHoldout(ctx: Ctx, services: Services, ws: string, now: number) {
  const r = prng(20260228);
  const start = now - 70 * DAY;
  const segment = await services.segments.create(ws, {
    name: 'Self-serve sign-ups (demo)',
    description: 'Companies that signed up on their own: eligible for the help-links holdout',
    target: 'company',
    rule: { type: 'group', match: 'all', conditions: [{ type: 'field', field: 'attributes.signup_source', op: 'eq', value: 'self_serve' }] },
  });
  const design: ExperimentCreate = {
    key: 'help-links-holdout',
    name: 'Help links holdout (demo)',
    flag_key: 'help.links',
    unit: 'company',
    traffic: 1,
    variants: [
      { key: 'help_shown', weight: 1, value: true },
      { key: 'no_help', weight: 1, value: false },
    ],
    eligibility: { segment_id: segment.id, entry_starts_at: new Date(start).toISOString(), entry_ends_at: new Date(start + 28 * DAY).toISOString() },
    registration: {
      hypotheses: [
        { text: 'Without in-product help fewer new workspaces convert to paid', metric: 'converted_to_paid', direction: 'decrease' },
        { text: 'Without help, users start more conversations', metric: 'conversations', direction: 'increase' },
        { text: 'Without help, users search more', metric: 'help_searches', direction: 'increase' },
      ],
      metrics: [
        { key: 'converted_to_paid', label: 'Converted to paid', kind: 'conversion', event: 'subscription_started', source: 'event_property', window_days: 35 },
        { key: 'conversations', label: 'Conversations started', kind: 'count', event: 'conversation_started', source: 'event_property', window_days: 28 },
        { key: 'help_searches', label: 'Help searches', kind: 'count', event: 'help_searched', source: 'event_property', window_days: 28 },
        { key: 'retained', label: 'Active in days 28–35', kind: 'retention', source: 'event_property', window_days: 28 },
      ],
      primary_metric: 'converted_to_paid',
      secondary_metrics: ['conversations', 'help_searches'],
      guardrails: ['retained'],
      alpha: 0.05,
      power: 0.8,
      mode: 'fixed',
      planned_units_per_arm: 530,
      observational_event: 'article_viewed',
    },
  };
  const exp = await services.experiments.create(ws, design);

  const people: Message[] = [];
  const signups: { company: string; user: string; at: number }[] = [];
  for (let i = 0; i < HELP_COMPANIES; i++) {
    const at = start + r.next() * 28 * DAY;
    const company = `demo-hl-company-${i + 1}`;
    const user = `demo-hl-owner-${i + 1}`;
    signups.push({ company, user, at });
    people.push(
      { type: 'identify', userId: user, traits: { name: `Workspace owner ${i + 1}`, createdAt: new Date(at).toISOString(), demo: true }, context: { locale: r.pick(LOCALES) }, timestamp: new Date(at).toISOString() },
      { type: 'group', userId: user, groupId: company, traits: { name: `Self-serve workspace ${i + 1}`, plan: 'free', mrr: 0, industry: r.pick(INDUSTRIES), signup_source: 'self_serve', demo: true }, timestamp: new Date(at).toISOString() },
    );
  }
  await ingest(services, ws, people);
  const companyIds = await services.contacts.idsByExternalId(ws, 'company', signups.map((s) => s.company));
  // Each workspace meets the help links (or their absence) a few minutes after signing up.
  const arms = await services.experiments.importExposures(ws, exp.id, signups.map((s) => ({ unitId: companyIds.get(s.company)!, exposedAt: new Date(s.at + 5 * 60_000) })));

  const activity: Message[] = [];
  for (const arm of ['help_shown', 'no_help']) {
    const help = arm === 'help_shown';
    // The same random streams in both arms: the k-th unit of each arm draws the same numbers, so
    // the arms differ by the treatment rather than by luck (common random numbers).
    const draw = streams(20260228);
    for (const s of signups.filter((x) => arms.get(companyIds.get(x.company)!) === arm)) {
      const e = draw.unit.next();
      const inTrial = (r: Random) => s.at + 5 * 60_000 + r.next() * 28 * DAY;
      const repeat = (n: number, event: string, r: Random) => {
        for (let k = 0; k < n; k++) activity.push(track(s.user, event, inTrial(r)));
      };
      // Engaged users read more — and would convert more anyway: the confounder of the naive view.
      const reads = draw.a.next() < 0.03 + 0.9 * e ** 4;
      if (help && reads) repeat(1 + poisson(draw.a, 1.5 * e), 'article_viewed', draw.a);
      repeat(poisson(draw.b, help ? 0.9 + 1.4 * e : 0.6 + 1.0 * e), 'conversation_started', draw.b);
      repeat(poisson(draw.c, help ? 1.4 + 2.0 * e : 0.8 + 1.2 * e), 'help_searched', draw.c);
      repeat(poisson(draw.d, 2 + 6 * e), 'project_updated', draw.d);
      const converts = draw.e.next() < 0.02 + 0.45 * e ** 3 + (help ? 0.09 : 0);
      const paidAt = s.at + (14 + draw.e.next() * 20) * DAY;
      const mrr = draw.e.pick([29, 49, 99]);
      if (converts) {
        activity.push(track(s.user, 'subscription_started', paidAt, { plan: 'starter', mrr }));
        activity.push({ type: 'group', userId: s.user, groupId: s.company, traits: { plan: 'starter', mrr }, timestamp: new Date(paidAt).toISOString() });
      }
      if (draw.f.next() < (converts ? 0.85 : 0.25 + 0.3 * e)) activity.push(track(s.user, 'signed_in', s.at + (28 + draw.f.next() * 7) * DAY));
    }
  }
  await ingest(services, ws, activity.filter((m) => Date.parse(m.timestamp as string) < now));
  await finish(ctx, ws, exp.id, start, start + 63 * DAY);
}

async function realTimeChatSplit(ctx: Ctx, services: Services, ws: string, now: number) {
  const r = prng(20260301);
  const start = now - 180 * DAY;
  const exp = await services.experiments.create(ws, {
    key: 'real-time-chat',
    name: 'Real-time chat for new sign-ups (demo)',
    flag_key: 'support.realtime_chat',
    unit: 'contact',
    traffic: 1,
    variants: [
      { key: 'standard_queue', weight: 1, value: false },
      { key: 'realtime_chat', weight: 1, value: true },
    ],
    eligibility: { segment_id: null, entry_starts_at: new Date(start).toISOString(), entry_ends_at: new Date(start + 112 * DAY).toISOString() },
    registration: {
      hypotheses: [
        { text: 'Real-time chat raises paid revenue per sign-up', metric: 'revenue', direction: 'increase' },
        { text: 'Sign-ups with real-time chat start more trials', metric: 'trial_started', direction: 'increase' },
        { text: 'Sign-ups with real-time chat ask more questions', metric: 'questions', direction: 'increase' },
      ],
      metrics: [
        { key: 'revenue', label: 'Revenue in 56 days', kind: 'revenue', event: 'payment_succeeded', property: 'amount', source: 'event_property', window_days: 56 },
        { key: 'trial_started', label: 'Started a trial', kind: 'conversion', event: 'trial_started', source: 'event_property', window_days: 28 },
        { key: 'questions', label: 'Questions asked', kind: 'count', event: 'question_asked', source: 'event_property', window_days: 28 },
      ],
      primary_metric: 'revenue',
      secondary_metrics: ['trial_started', 'questions'],
      guardrails: [],
      alpha: 0.05,
      power: 0.8,
      mode: 'sequential',
      planned_units_per_arm: 750,
    },
  });
  const people: Message[] = [];
  const signups: { user: string; at: number }[] = [];
  for (let i = 0; i < CHAT_CONTACTS; i++) {
    const at = start + r.next() * 112 * DAY;
    const user = `demo-chat-user-${i + 1}`;
    signups.push({ user, at });
    people.push({
      type: 'identify', userId: user, traits: { name: `New sign-up ${i + 1}`, createdAt: new Date(at).toISOString(), signup_source: r.pick(['self_serve', 'sales', 'partner']), demo: true },
      context: { locale: r.pick(LOCALES) }, timestamp: new Date(at).toISOString(),
    });
  }
  await ingest(services, ws, people);
  const contactIds = await services.contacts.idsByExternalId(ws, 'contact', signups.map((s) => s.user));
  const arms = await services.experiments.importExposures(ws, exp.id, signups.map((s) => ({ unitId: contactIds.get(s.user)!, exposedAt: new Date(s.at + 60_000) })));
  const activity: Message[] = [];
  for (const arm of ['standard_queue', 'realtime_chat']) {
    const chat = arm === 'realtime_chat';
    const draw = streams(20260301);
    for (const s of signups.filter((x) => arms.get(contactIds.get(x.user)!) === arm)) {
      const intent = draw.unit.next();
      const within = (r: Random, days: number) => s.at + 60_000 + r.next() * days * DAY;
      for (let k = poisson(draw.a, (chat ? 1.21 : 1) * 1.6); k > 0; k--) activity.push(track(s.user, 'question_asked', within(draw.a, 28)));
      if (draw.b.next() < (chat ? 1.3 : 1) * (0.12 + 0.2 * intent)) activity.push(track(s.user, 'trial_started', within(draw.b, 28)));
      // Revenue: a few more pay twice and plans are a little larger with chat (≈ +15% in all).
      const pays = draw.c.next() < 0.2 + 0.3 * intent;
      const payments = draw.c.next() < (chat ? 0.08 : 0.04) ? 2 : 1;
      const plan = Math.round((chat ? 1.08 : 1) * (80 + 140 * intent));
      if (pays) for (let k = 0; k < payments; k++) activity.push(track(s.user, 'payment_succeeded', within(draw.c, 56), { amount: plan }));
    }
  }
  await ingest(services, ws, activity.filter((m) => Date.parse(m.timestamp as string) < now));
  await finish(ctx, ws, exp.id, start, start + 168 * DAY);
}

/** Adds both demo experiments, with their people and events, to a demo workspace. */
export async function seedExperimentsDemo(ctx: Ctx, services: Services, ws: string, now = Date.now()): Promise<void> {
  await helpLinksHoldout(ctx, services, ws, now);
  await realTimeChatSplit(ctx, services, ws, now);
  ctx.log.info({ workspaceId: ws }, 'demo experiments seeded');
}
