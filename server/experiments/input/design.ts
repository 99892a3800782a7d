import { ExperimentDesign } from '../../../contracts/experiments.ts';
import { ExperimentInputError } from './errors.ts';

/** Parses and checks a design JSON document; every problem names its field (`design.intended_split.B`). */
export function parseDesign(text: string): ExperimentDesign {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ExperimentInputError('design', `is not valid JSON (${(err as Error).message})`);
  }
  return checkDesign(raw);
}

/** Checks an already parsed design value (e.g. from a request body). */
export function checkDesign(raw: unknown): ExperimentDesign {
  const parsed = ExperimentDesign.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({
    field: ['design', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const [first, ...more] = problems;
  throw new ExperimentInputError(first!.field, first!.message, more);
}
