import { describe, expect, it } from 'vitest';
import type { Criterion } from '../../contracts/qa.ts';
import { agreement, meanAbsoluteDifference, scaled, weightedScore } from './score.ts';

const criteria: Criterion[] = [
  { id: 'accuracy', label: 'Accuracy', weight: 3, scale: 5 },
  { id: 'tone', label: 'Tone', weight: 1, scale: 5 },
  { id: 'completeness', label: 'Completeness', weight: 2, scale: 3 },
  { id: 'process', label: 'Following process', weight: 2, scale: 2 },
];

// Worked by hand: points scaled to 0–100, then weighted by 3, 1, 2 and 2 (sum 8).
const a = { accuracy: 4, tone: 5, completeness: 2, process: 2 }; // 75, 100, 50, 100 → 625 / 8
const b = { accuracy: 2, tone: 4, completeness: 3, process: 1 }; // 25, 75, 100, 0 → 350 / 8
const c = { accuracy: 5, tone: 5, completeness: 3, process: 2 }; // all 100

describe('QA scores', () => {
  it('scales points so the bottom of a scale is 0 and its top 100', () => {
    expect(scaled(1, 5)).toBe(0);
    expect(scaled(3, 5)).toBe(50);
    expect(scaled(2, 2)).toBe(100);
  });

  it('is the weighted mean of the scaled criteria', () => {
    expect(weightedScore(criteria, a)).toBe(78.125);
    expect(weightedScore(criteria, b)).toBe(43.75);
    expect(weightedScore(criteria, c)).toBe(100);
    expect(() => weightedScore(criteria, { accuracy: 1 })).toThrow(/tone/);
  });

  it('measures agreement as the mean absolute difference over reviewer pairs', () => {
    expect(meanAbsoluteDifference([])).toBe(0);
    expect(meanAbsoluteDifference([40])).toBe(0);
    expect(meanAbsoluteDifference([40, 40])).toBe(0);
    // |78.125 − 43.75| + |78.125 − 100| + |43.75 − 100| = 34.375 + 21.875 + 56.25 = 112.5, over 3 pairs.
    const reviews = [a, b, c].map((scores) => ({ scores, score: weightedScore(criteria, scores) }));
    const found = agreement(criteria, reviews);
    expect(found.score_difference).toBe(37.5);
    // accuracy 75, 25, 100 → (50 + 25 + 75) / 3; process 100, 0, 100 → (100 + 0 + 100) / 3.
    expect(found.criteria_difference.accuracy).toBe(50);
    expect(found.criteria_difference.tone).toBeCloseTo(50 / 3, 10);
    expect(found.criteria_difference.completeness).toBeCloseTo(100 / 3, 10);
    expect(found.criteria_difference.process).toBeCloseTo(200 / 3, 10);
  });
});
