import fs from 'node:fs';
import { z } from 'zod';
import { analyzeFiles } from './analyze-files.ts';

/** Flags of `baton experiments analyze`. */
export const AnalyzeFlags = z.object({
  design: z.string().min(1, 'is required'),
  units: z.string().min(1, 'is required'),
  out: z.string().min(1).optional(),
});

/** A file the user named that cannot be read: wrong usage, named by its flag. */
export class UnreadableFileError extends Error {}

function readNamed(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UnreadableFileError(`--${flag}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/**
 * The offline analysis: files in, STATS.md JSON out (to --out, else returned for stdout). Touches
 * no configuration and no database, so it works on a fresh clone.
 */
export function analyzeCommand(input: z.infer<typeof AnalyzeFlags>): { json: string; wroteTo?: string } {
  const result = analyzeFiles(readNamed('design', input.design), readNamed('units', input.units));
  const json = JSON.stringify(result, null, 2);
  if (!input.out) return { json };
  fs.writeFileSync(input.out, `${json}\n`);
  return { json, wroteTo: input.out };
}
