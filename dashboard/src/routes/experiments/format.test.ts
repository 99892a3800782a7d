import { createInstance } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentReport, Headline } from '../../api/types.ts';
import en from '../../i18n/locales/en.json' with { type: 'json' };
import { evidenceOf, verdictSentence } from './format.ts';

/** The verdict's wording follows the p-value bands, so p = 0.036 never reads as "very unlikely". */

const i18n = createInstance();
beforeAll(() => i18n.init({ lng: 'en', resources: { en: { translation: en } }, interpolation: { escapeValue: false } }));

const report = { alpha: 0.05, trustworthy: true, stage: 'final' } as ExperimentReport;
const metric = { definition: { label: 'Converted to paid' }, binary: true } as ExperimentReport['metrics'][number];
const headline = (p: number, estimate = -0.087): Headline => ({
  estimate, ci_low: estimate - 0.025, ci_high: estimate + 0.025, rel_diff: null, rel_ci_low: null, rel_ci_high: null,
  p_value: p, p_value_holm: null, method: 'two_proportions', significant: p < 0.05,
});

describe('verdict bands', () => {
  it.each([
    [1e-12, 'veryStrong'], [0.0009, 'veryStrong'], [0.001, 'strong'], [0.009, 'strong'], [0.01, 'moderate'], [0.036, 'moderate'], [0.05, 'none'], [0.4, 'none'],
  ] as const)('p = %s → %s', (p, band) => expect(evidenceOf(p, 0.05)).toBe(band));

  it('never calls evidence stronger than a stricter alpha allows', () => {
    expect(evidenceOf(0.004, 0.005)).toBe('strong');
    expect(evidenceOf(0.006, 0.005)).toBe('none');
  });

  it('words the sentence by band, with its p-value', () => {
    const t = i18n.t.bind(i18n);
    expect(verdictSentence(t, report, metric, 'no_help', headline(1e-9))).toBe(
      'no_help lowered Converted to paid by 8.7 points (95% CI 6.2 to 11.2); this is very unlikely to be chance (p < 0.001).',
    );
    expect(verdictSentence(t, report, metric, 'no_help', headline(0.036))).toBe(
      'no_help lowered Converted to paid by 8.7 points (95% CI 6.2 to 11.2); this is probably not chance, but the evidence is moderate (p = 0.036).',
    );
    expect(verdictSentence(t, report, metric, 'no_help', headline(0.2, 0.01))).toMatch(/^no_help changed .*; this could well be chance \(p = 0\.2\)\.$/);
  });

  it('keeps the signs when the change is unclear, so a fall does not read as a rise', () => {
    const t = i18n.t.bind(i18n);
    expect(verdictSentence(t, report, metric, 'no_help', headline(0.3, -0.01))).toBe(
      'no_help changed Converted to paid by -1.0 points (95% CI -3.5 to 1.5); this could well be chance (p = 0.3).',
    );
  });
});
