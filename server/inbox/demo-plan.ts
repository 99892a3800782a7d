import { prng } from '../contacts/demo.ts';
import { addBusinessMinutes } from './routing/office-hours.ts';
import type { DemoAgent, DemoDesk, DemoTeam, Desk } from './demo-team.ts';
import { languageOf, SCRIPTS, type DemoLanguage, type DemoTopic, type Script } from './demo-texts.ts';

/**
 * The demo's support history, planned from a fixed seed: who wrote when, who answered how fast,
 * closes, reopens and ratings. Nothing is planned after `now`: what would happen later has not
 * happened yet, which leaves the newest conversations open, unanswered or waiting in a team.
 *
 * Planted so the reports say something: the Priority desk answers in minutes (a few miss its
 * hour), the Support desk in hours (some miss its eight), the APAC desk within its office hours,
 * so its calendar times are long and its office times short. Ratings follow the wait.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const DEMO_WEEKS = 8;
export const DEMO_CONVERSATIONS = 300;

export interface DemoContact {
  id: string;
  locale: string | null;
  email: string | null;
  plan: string | null;
  createdAt: number;
}

export interface PlannedMessage {
  author: 'contact' | 'agent';
  body: string;
  at: number;
}

export interface PlannedConversation {
  contact: DemoContact;
  language: DemoLanguage;
  topic: DemoTopic;
  script: Script;
  desk: DemoDesk;
  channel: 'messenger' | 'email';
  assignee: DemoAgent | null;
  assignedAt: number | null;
  createdAt: number;
  messages: PlannedMessage[];
  closes: number[];
  /** Times the resolution clock started: the start and each reopen. */
  clockStarts: number[];
  state: 'open' | 'closed';
  /** An answered open one the agent put off until then; null when it is not snoozed. */
  snoozedUntil: number | null;
  csat: { rating: number; comment: string | null; at: number } | null;
}

/** Business-hours weighting of a UTC hour, roughly the customers' day across the time zones. */
const HOUR_WEIGHT = [1, 2, 3, 4, 5, 5, 6, 7, 8, 8, 8, 7, 6, 6, 7, 8, 8, 7, 5, 4, 3, 2, 1, 1];
const TOPIC_WEIGHT: Record<DemoTopic, number> = { billing: 3, export: 3, login: 2, feature: 2, integration: 2 };

export function deskOf(c: DemoContact): DemoDesk {
  if (c.plan === 'enterprise' || c.plan === 'pro') return 'priority';
  if (c.locale === 'zh-CN' || c.locale === 'zh-TW') return 'apac';
  return 'support';
}

export function planDemoSupport(team: DemoTeam, contacts: DemoContact[], now: number): PlannedConversation[] {
  const r = prng(20261201);
  const between = (lo: number, hi: number) => r.int(lo, hi);
  const weighted = <T extends string>(w: Record<T, number>): T => {
    const keys = Object.keys(w) as T[];
    let x = r.next() * keys.reduce((s, k) => s + w[k], 0);
    for (const k of keys) if ((x -= w[k]) < 0) return k;
    return keys[0]!;
  };
  const hourOf = () => {
    let x = r.next() * HOUR_WEIGHT.reduce((a, b) => a + b, 0);
    for (const [h, w] of HOUR_WEIGHT.entries()) if ((x -= w) < 0) return h;
    return 12;
  };
  const start = now - DEMO_WEEKS * 7 * DAY;
  const out: PlannedConversation[] = [];
  // More of them lately: the customer base grew over the weeks.
  const times = Array.from({ length: DEMO_CONVERSATIONS }, () => {
    const day = start + Math.floor(Math.sqrt(r.next()) * DEMO_WEEKS * 7) * DAY;
    const at = day - (day % DAY) + hourOf() * HOUR + between(0, 59) * MINUTE;
    return at > now - 10 * MINUTE ? now - between(10, 600) * MINUTE : at;
  }).sort((a, b) => a - b);
  for (const [i, createdAt] of times.entries()) {
    const eligible = contacts.filter((c) => c.createdAt < createdAt);
    if (eligible.length === 0) continue;
    const contact = eligible[Math.floor(r.next() * eligible.length)]!;
    const language = languageOf(contact.locale);
    const topic = weighted(TOPIC_WEIGHT);
    const script = SCRIPTS[topic][language];
    const desk = deskOf(contact);
    const d = team.desks[desk];
    const speakers = d.members.filter((m) => m.speaks.includes(language));
    const assignee = speakers[Math.floor(r.next() * speakers.length)] ?? d.members[0]!;
    const channel = contact.email && r.next() < 0.35 ? 'email' : 'messenger';
    const messages: PlannedMessage[] = [{ author: 'contact', body: script.opening, at: createdAt }];
    const closes: number[] = [];
    const clockStarts = [createdAt];
    // The newest ten wait for a first answer, half of them in their team without an agent yet.
    const waiting = i >= DEMO_CONVERSATIONS - 10 || createdAt > now - 30 * MINUTE;
    if (!waiting) {
      let t = firstReplyAt(d, desk, team, createdAt, r.next(), between);
      messages.push({ author: 'agent', body: script.answer, at: t });
      if (r.next() < 0.4) {
        t += between(3, 90) * MINUTE;
        messages.push({ author: 'contact', body: script.followUp, at: t });
        t += (desk === 'priority' ? between(2, 40) : between(10, 240)) * MINUTE;
        messages.push({ author: 'agent', body: script.followUpAnswer, at: t });
      }
      // Every conversation gets closed in the end; of the last four days', half are not yet.
      const inProgress = createdAt > now - 4 * DAY && r.next() < 0.5;
      t += between(5, 480) * MINUTE;
      if (!inProgress) closes.push(t);
      if (!inProgress && r.next() < 0.12) {
        t += between(12, 72) * HOUR;
        messages.push({ author: 'contact', body: script.again, at: t });
        clockStarts.push(t);
        t += (desk === 'priority' ? between(5, 50) : between(30, 300)) * MINUTE;
        messages.push({ author: 'agent', body: script.followUpAnswer, at: t });
        t += between(10, 240) * MINUTE;
        closes.push(t);
      }
    }
    const kept = messages.filter((m) => m.at < now);
    const keptCloses = closes.filter((c) => c < now);
    const lastContact = Math.max(...kept.filter((m) => m.author === 'contact').map((m) => m.at));
    const closedAfterLast = keptCloses.length > 0 && keptCloses.at(-1)! > lastContact;
    const state = closedAfterLast ? 'closed' : 'open';
    const firstAgent = kept.find((m) => m.author === 'agent');
    const unassigned = waiting && i % 2 === 0;
    let csat: PlannedConversation['csat'] = null;
    if (state === 'closed' && r.next() < 0.6) {
      const frtMinutes = (firstAgent!.at - createdAt) / MINUTE;
      const slow = frtMinutes > d.firstResponseMinutes || (desk !== 'priority' && frtMinutes > 240);
      const rating = slow ? between(1, 4) : between(3, 5) + (desk === 'priority' && r.next() < 0.5 ? 1 : 0);
      const at = keptCloses.at(-1)! + between(2, 240) * MINUTE;
      const capped = Math.min(rating, 5);
      if (at < now) csat = { rating: capped, comment: r.next() < 0.55 ? (capped >= 4 ? script.praise : script.complaint) : null, at };
    }
    out.push({
      contact, language, topic, script, desk, channel,
      assignee: unassigned ? null : assignee,
      // Routing gave it to the agent a moment after it came in.
      assignedAt: unassigned ? null : Math.min(createdAt + MINUTE, firstAgent?.at ?? now),
      createdAt, messages: kept, closes: keptCloses, clockStarts: clockStarts.filter((c) => c < now), state, snoozedUntil: null, csat,
    });
  }
  out.sort((a, b) => a.createdAt - b.createdAt);
  // A few answered ones are snoozed, until the customer's next working day or so.
  const answeredOpen = out.filter((c) => c.state === 'open' && c.assignee && c.messages.at(-1)!.author === 'agent');
  for (const [i, c] of answeredOpen.slice(-3).entries()) c.snoozedUntil = now + (i + 1) * 20 * HOUR;
  // Which open conversations the owner holds depends on the draws, and those on the day of the
  // first start: the one who signs in first must find something under "Mine" whatever the day.
  const inView = (c: PlannedConversation) => c.state === 'open' && c.snoozedUntil === null && c.assignee !== null;
  if (!out.some((c) => inView(c) && c.assignee!.id === team.owner.id)) {
    const open = out.filter(inView);
    const mine = open.findLast((c) => team.desks[c.desk].members.some((m) => m.id === team.owner.id)) ?? open.at(-1);
    if (mine) mine.assignee = team.owner;
  }
  return out;
}

/** When the first answer comes: minutes for Priority, hours for Support, office minutes for APAC. */
function firstReplyAt(d: Desk, desk: DemoDesk, team: DemoTeam, createdAt: number, x: number, between: (lo: number, hi: number) => number): number {
  const late = x < (desk === 'priority' ? 0.12 : desk === 'apac' ? 0.1 : 0.16);
  if (desk === 'priority') return createdAt + (late ? between(65, 180) : between(2, 45)) * MINUTE;
  if (desk === 'support') return createdAt + (late ? between(500, 960) : between(20, 420)) * MINUTE;
  const minutes = late ? between(d.firstResponseMinutes + 15, 600) : between(5, 200);
  return (addBusinessMinutes(team.apacHours, new Date(createdAt), minutes) ?? new Date(createdAt + minutes * MINUTE)).getTime();
}
