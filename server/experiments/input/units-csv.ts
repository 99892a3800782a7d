import { parse, CsvError } from 'csv-parse/sync';
import type { ExperimentDesign } from '../../../contracts/experiments.ts';
import { ExperimentInputError, quote } from './errors.ts';

export const UNIT_COLUMNS = ['unit_id', 'variant', 'converted', 'revenue', 'pre_revenue', 'conversations', 'searches'] as const;
type Column = (typeof UNIT_COLUMNS)[number];

/**
 * Values above this are refused rather than analysed: sums of squares of larger numbers lose the
 * headroom a double needs, and no revenue or count in one unit gets near it.
 */
export const MAX_UNIT_VALUE = 1e15;

/** The units of one arm, column by column (numbers only; ids are only checked for uniqueness). */
export interface ArmUnits {
  converted: number[];
  revenue: number[];
  preRevenue: number[];
  conversations: number[];
  searches: number[];
}

const emptyUnits = (): ArmUnits => ({ converted: [], revenue: [], preRevenue: [], conversations: [], searches: [] });

const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INTEGER = /^\d+$/;

const where = (line: number, column: Column) => `units line ${line}, column ${column}`;

function decimal(text: string, line: number, column: Column): number {
  const value = Number(text);
  if (!DECIMAL.test(text) || !Number.isFinite(value)) throw new ExperimentInputError(where(line, column), `must be a decimal number ≥ 0, got ${quote(text)}`);
  if (value > MAX_UNIT_VALUE) throw new ExperimentInputError(where(line, column), `must be at most ${MAX_UNIT_VALUE}, got ${quote(text)}`);
  return value;
}

function count(text: string, line: number, column: Column): number {
  if (!INTEGER.test(text)) throw new ExperimentInputError(where(line, column), `must be a whole number ≥ 0, got ${quote(text)}`);
  const value = Number(text);
  if (value > MAX_UNIT_VALUE) throw new ExperimentInputError(where(line, column), `must be at most ${MAX_UNIT_VALUE}, got ${quote(text)}`);
  return value;
}

interface Row {
  record: string[];
  info: { lines: number };
}

function readRows(text: string): Row[] {
  try {
    return parse(text, { bom: true, trim: true, skip_empty_lines: true, info: true }) as unknown as Row[];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      throw new ExperimentInputError(line ? `units line ${line}` : 'units', err.message);
    }
    throw err;
  }
}

/**
 * Reads the units CSV of STATS.md: one row per unit, columns in any order, unknown columns
 * ignored. Any bad row is an error naming its line and column; nothing is skipped silently.
 */
export function parseUnits(text: string, design: ExperimentDesign): Map<string, ArmUnits> {
  const rows = readRows(text);
  const header = rows[0];
  if (!header) throw new ExperimentInputError('units line 1', `is empty; expected a header with ${UNIT_COLUMNS.join(', ')}`);
  const index = new Map<string, number>();
  header.record.forEach((name, i) => {
    if ((UNIT_COLUMNS as readonly string[]).includes(name)) {
      if (index.has(name)) throw new ExperimentInputError(`units line ${header.info.lines}, column ${name}`, 'appears twice in the header');
      index.set(name, i);
    }
  });
  const missing = UNIT_COLUMNS.filter((c) => !index.has(c));
  if (missing.length) throw new ExperimentInputError(`units line ${header.info.lines}`, `header is missing column ${missing.join(', ')}`);
  const at = Object.fromEntries(UNIT_COLUMNS.map((c) => [c, index.get(c)!])) as Record<Column, number>;

  const arms = new Map(design.variants.map((v) => [v, emptyUnits()]));
  const seen = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r]!;
    const line = info.lines;
    const cell = (c: Column) => record[at[c]]!;
    const id = cell('unit_id');
    if (id === '') throw new ExperimentInputError(where(line, 'unit_id'), 'is empty');
    const first = seen.get(id);
    if (first !== undefined) throw new ExperimentInputError(where(line, 'unit_id'), `${quote(id)} already appeared on line ${first}`);
    seen.set(id, line);
    const variant = cell('variant');
    const arm = arms.get(variant);
    if (!arm) throw new ExperimentInputError(where(line, 'variant'), `${quote(variant)} is not one of the design's variants (${design.variants.join(', ')})`);
    const converted = cell('converted');
    if (converted !== '0' && converted !== '1') throw new ExperimentInputError(where(line, 'converted'), `must be 0 or 1, got ${quote(converted)}`);
    arm.converted.push(converted === '1' ? 1 : 0);
    arm.revenue.push(decimal(cell('revenue'), line, 'revenue'));
    arm.preRevenue.push(decimal(cell('pre_revenue'), line, 'pre_revenue'));
    arm.conversations.push(count(cell('conversations'), line, 'conversations'));
    arm.searches.push(count(cell('searches'), line, 'searches'));
  }
  return arms;
}
