/**
 * Grouping customers' opening questions for "most common questions no article answers": the same
 * question asked in other words (word order, inflection, filler words) lands in one group. Words
 * are the search engine's own terms (stems, CJK words), so grouping agrees with what search sees.
 */

export interface Question {
  conversationId: string;
  at: Date;
  /** The normalized text. */
  text: string;
  locale: string;
}

export interface QuestionGroup {
  /** The most frequent wording, newest first on a tie. */
  question: string;
  /** The locale most of the group was asked in, for searching it. */
  locale: string;
  members: Question[];
}

/** Two questions whose term sets overlap at least this much (Jaccard) are the same question. */
export const SAME_QUESTION = 0.6;

/** Stems of one word can differ in length (отмен-ить, отм-ена): a stem that starts the other counts as the same. */
const sameTerm = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a)));

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t) || [...b].some((u) => sameTerm(t, u))) shared++;
  return shared / (a.size + b.size - shared || 1);
}

function mostFrequent(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0]!;
  for (const [v, n] of counts) if (n > counts.get(best)!) best = v;
  return best;
}

/**
 * Questions with the same term set form a group first; then a group joins the largest earlier
 * group it is similar enough to. `questions` are newest first; groups come out largest first.
 */
export function groupQuestions(questions: Question[], termsOf: (text: string, locale: string) => string[]): QuestionGroup[] {
  const exact = new Map<string, { terms: Set<string>; members: Question[] }>();
  for (const q of questions) {
    const terms = new Set(termsOf(q.text, q.locale));
    if (terms.size === 0) continue;
    const key = [...terms].sort().join(' ');
    const g = exact.get(key);
    if (g) g.members.push(q);
    else exact.set(key, { terms, members: [q] });
  }
  const merged: { terms: Set<string>; members: Question[] }[] = [];
  for (const g of [...exact.values()].sort((a, b) => b.members.length - a.members.length)) {
    const into = merged.find((m) => jaccard(m.terms, g.terms) >= SAME_QUESTION);
    if (into) into.members.push(...g.members);
    else merged.push({ terms: g.terms, members: [...g.members] });
  }
  return merged
    .map((g) => {
      const members = g.members.sort((a, b) => b.at.getTime() - a.at.getTime());
      return { question: mostFrequent(members.map((m) => m.text)), locale: mostFrequent(members.map((m) => m.locale)), members };
    })
    .sort((a, b) => b.members.length - a.members.length || b.members[0]!.at.getTime() - a.members[0]!.at.getTime());
}
