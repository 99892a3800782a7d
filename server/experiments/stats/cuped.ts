import type { CupedComparison } from '../../../contracts/experiments.ts';
import { defined } from './figures.ts';
import { mergeCoMoments, type CoMoments } from './moments.ts';
import { welchCore } from './welch.ts';

/**
 * CUPED-adjusted outcome (x = pre-period covariate, y = outcome) for one treatment/control pair:
 * theta is the pooled slope over both arms around their grand means, treated as known; each unit's
 * y′ = y − theta·(x − x̄), then Welch's t on y′. Within an arm the adjusted M2 follows from the
 * moments alone: M2′ = M2_y + theta²·M2_x − 2·theta·C_xy, and the grand mean shifts every y′ of
 * the pair equally, so it cancels from the difference.
 */
export function compareCuped(t: CoMoments, c: CoMoments, confidence: number): CupedComparison {
  const pooled = mergeCoMoments(t, c);
  const theta = pooled.x.m2 > 0 ? pooled.cxy / pooled.x.m2 : 0;
  const adjusted = (g: CoMoments) => {
    if (g.x.n === 0) return { n: 0, mean: null, variance: null };
    const m2 = Math.max(0, g.y.m2 + theta * theta * g.x.m2 - 2 * theta * g.cxy);
    return {
      n: g.x.n,
      mean: g.y.mean - theta * (g.x.mean - pooled.x.mean),
      variance: g.x.n >= 2 ? m2 / (g.x.n - 1) : null,
    };
  };
  const core = welchCore(adjusted(t), adjusted(c), confidence);
  const meanDiff = t.x.n > 0 && c.x.n > 0 ? t.y.mean - c.y.mean - theta * (t.x.mean - c.x.mean) : null;
  return { theta: defined(theta), ...core, mean_diff: defined(meanDiff) };
}
