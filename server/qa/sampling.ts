import { createHash } from 'node:crypto';

export interface Candidate {
  conversationId: string;
  agentId: string;
}

export interface Assignment extends Candidate {
  reviewerId: string;
}

/** A stable pseudo-random rank: the same seed and parts always give the same order. */
const rank = (seed: string, ...parts: string[]) => createHash('sha256').update([seed, ...parts].join(':')).digest('hex');

/**
 * Peer-review sample: for each agent, `perAgent` of their conversations at random, each given to
 * a reviewer who is not that agent — the least loaded so far, ties broken at random. Randomness
 * comes only from the seed, so a rerun with the same seed and candidates assigns the same
 * reviews (whatever order the candidates arrive in) and a retried job adds nothing.
 */
export function sampleAssignments(seed: string, candidates: readonly Candidate[], reviewerIds: readonly string[], perAgent: number): Assignment[] {
  const byAgent = new Map<string, Candidate[]>();
  for (const c of candidates) byAgent.set(c.agentId, [...(byAgent.get(c.agentId) ?? []), c]);
  const load = new Map(reviewerIds.map((id) => [id, 0]));
  const out: Assignment[] = [];
  for (const agentId of [...byAgent.keys()].sort()) {
    const picked = byAgent
      .get(agentId)!
      .map((c) => ({ c, r: rank(seed, c.conversationId) }))
      .sort((a, b) => (a.r < b.r ? -1 : 1))
      .slice(0, perAgent);
    for (const { c } of picked) {
      const eligible = reviewerIds
        .filter((id) => id !== agentId)
        .map((id) => ({ id, load: load.get(id)!, r: rank(seed, c.conversationId, id) }))
        .sort((a, b) => a.load - b.load || (a.r < b.r ? -1 : 1));
      const reviewer = eligible[0];
      if (!reviewer) continue;
      load.set(reviewer.id, reviewer.load + 1);
      out.push({ ...c, reviewerId: reviewer.id });
    }
  }
  return out;
}
