import type { Figure } from '../../../contracts/experiments.ts';

/** A computed value, or null where the formula has no defined answer (0/0, a zero SE…). */
export const defined = (x: number | null | undefined): Figure => (x !== null && x !== undefined && Number.isFinite(x) ? x : null);

/** Two-sided critical value's probability: 0.975 for 95% confidence. */
export const upperQuantileLevel = (confidence: number): number => 1 - (1 - confidence) / 2;
