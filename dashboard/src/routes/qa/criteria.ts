import type { Criterion } from '../../api/types.ts';

/**
 * An id for a new criterion: its label in lower-case ASCII, else `criterion_N`; unique among
 * `taken`. Existing criteria keep theirs, so finished reviews still match their scores.
 */
export function criterionId(label: string, taken: readonly string[]): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 32);
  let base = slug || `criterion_${taken.length + 1}`;
  if (/^[0-9]/.test(base)) base = `c_${base}`;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}_${n}`;
  return id;
}

/** The starting point of a new scorecard: the four criteria most teams begin with. */
export const DEFAULT_CRITERIA = (label: (key: string) => string): Criterion[] => [
  { id: 'accuracy', label: label('accuracy'), weight: 3, scale: 5 },
  { id: 'tone', label: label('tone'), weight: 1, scale: 5 },
  { id: 'completeness', label: label('completeness'), weight: 2, scale: 5 },
  { id: 'process', label: label('process'), weight: 2, scale: 2 },
];
