import type { Criterion } from '../../contracts/qa.ts';

/** A criterion's points (1 … scale) on 0–100: 1 is 0, the top of the scale is 100. */
export const scaled = (points: number, scale: number): number => ((points - 1) / (scale - 1)) * 100;

/**
 * A review's score (docs/metrics.md § Quality assurance): the weighted mean of its criteria's
 * points scaled to 0–100, weighted by the criteria's weights.
 */
export function weightedScore(criteria: readonly Criterion[], scores: Readonly<Record<string, number>>): number {
  let sum = 0;
  let weights = 0;
  for (const c of criteria) {
    const points = scores[c.id];
    if (points === undefined) throw new Error(`criterion ${c.id} is not scored`);
    sum += c.weight * scaled(points, c.scale);
    weights += c.weight;
  }
  return sum / weights;
}

/** Mean absolute difference over every unordered pair of the values; 0 for fewer than two. */
export function meanAbsoluteDifference(values: readonly number[]): number {
  let total = 0;
  let pairs = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      total += Math.abs(values[i]! - values[j]!);
      pairs++;
    }
  }
  return pairs === 0 ? 0 : total / pairs;
}

/**
 * How far apart several reviewers of one conversation are: the mean absolute difference of their
 * review scores, and per criterion of their scaled points (0 is perfect agreement, 100 the most apart).
 */
export function agreement(criteria: readonly Criterion[], reviews: ReadonlyArray<{ score: number; scores: Readonly<Record<string, number>> }>) {
  const perCriterion: Record<string, number> = {};
  for (const c of criteria) {
    perCriterion[c.id] = meanAbsoluteDifference(reviews.filter((r) => r.scores[c.id] !== undefined).map((r) => scaled(r.scores[c.id]!, c.scale)));
  }
  return { score_difference: meanAbsoluteDifference(reviews.map((r) => r.score)), criteria_difference: perCriterion };
}
