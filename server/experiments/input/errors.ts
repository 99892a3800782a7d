import { AppError, type FieldProblem } from '../../platform/errors.ts';

/**
 * Input the analyzer refuses: a malformed units CSV (naming line and column) or design (naming the
 * field). It is an AppError, so an upload route answers 400 problem+json with the same words.
 */
export class ExperimentInputError extends AppError {
  constructor(field: string, message: string, more: FieldProblem[] = []) {
    const problems = [{ field, message }, ...more];
    super('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
}

/** A value quoted for an error message, cut short so a hostile file cannot flood the terminal. */
export const quote = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
