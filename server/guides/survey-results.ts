import type { SurveyQuestion } from '../../contracts/campaign-content/survey.ts';
import type { QuestionResult } from '../../contracts/guides.ts';

export interface AnswerCount {
  answer: number | string | string[];
  n: number;
}

/**
 * NPS: % promoters (9–10) − % detractors (0–6), from −100 to 100, rounded to one decimal; null
 * without answers.
 */
export function npsScore(distribution: number[]): number | null {
  const total = distribution.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const promoters = (distribution[9] ?? 0) + (distribution[10] ?? 0);
  const detractors = distribution.slice(0, 7).reduce((a, b) => a + b, 0);
  return Math.round(((promoters - detractors) / total) * 1000) / 10;
}

/** One question's results from its answers counted by value (text answers: the latest ones). */
export function summarize(q: SurveyQuestion, counts: AnswerCount[], latestTexts: string[]): QuestionResult {
  const responses = counts.reduce((a, c) => a + c.n, 0);
  const common = { id: q.id, kind: q.kind, prompt: q.prompt, responses };
  if (q.kind === 'nps' || q.kind === 'csat' || q.kind === 'rating') {
    const [min, max] = q.kind === 'nps' ? [0, 10] : [1, q.kind === 'csat' ? 5 : q.scale];
    const distribution = Array.from({ length: max + 1 }, () => 0);
    let sum = 0;
    for (const c of counts) {
      if (typeof c.answer !== 'number' || c.answer < min || c.answer > max) continue;
      distribution[c.answer]! += c.n;
      sum += c.answer * c.n;
    }
    const scale = distribution.slice(min).map((n, i) => ({ value: String(i + min), count: n }));
    const average = responses ? Math.round((sum / responses) * 100) / 100 : null;
    if (q.kind === 'nps') {
      const promoters = distribution[9]! + distribution[10]!;
      const passives = distribution[7]! + distribution[8]!;
      return { ...common, distribution: scale, average, nps: { score: npsScore(distribution), promoters, passives, detractors: responses - promoters - passives } };
    }
    // CSAT: the share of 4s and 5s, the usual "satisfied" line.
    const satisfied = q.kind === 'csat' && responses ? Math.round(((distribution[4]! + distribution[5]!) / responses) * 1000) / 10 : null;
    return { ...common, distribution: scale, average, ...(q.kind === 'csat' ? { satisfied_pct: satisfied } : {}) };
  }
  if (q.kind === 'single' || q.kind === 'multiple') {
    const tally = new Map(q.choices.map((c) => [c.id, 0]));
    for (const c of counts) for (const id of Array.isArray(c.answer) ? c.answer : [c.answer]) if (typeof id === 'string' && tally.has(id)) tally.set(id, tally.get(id)! + c.n);
    return { ...common, distribution: q.choices.map((c) => ({ value: c.label, count: tally.get(c.id)! })) };
  }
  return { ...common, texts: latestTexts };
}
