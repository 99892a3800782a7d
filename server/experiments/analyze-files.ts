import type { AnalysisResult } from '../../contracts/experiments.ts';
import { checkDesign, parseDesign } from './input/design.ts';
import { parseUnits } from './input/units-csv.ts';
import { analyze } from './stats/analyze.ts';
import { summarizeArm } from './stats/summarize.ts';

/** The offline analysis: design JSON text + units CSV text → the STATS.md result. */
export function analyzeFiles(designText: string, unitsText: string): AnalysisResult {
  return analyzeUnits(parseDesign(designText), unitsText);
}

/** The same with the design already parsed from JSON (the REST upload). */
export const analyzeUpload = (design: unknown, unitsText: string): AnalysisResult => analyzeUnits(checkDesign(design), unitsText);

function analyzeUnits(design: ReturnType<typeof checkDesign>, unitsText: string): AnalysisResult {
  const units = parseUnits(unitsText, design);
  return analyze(design, new Map([...units].map(([variant, arm]) => [variant, summarizeArm(arm)])));
}
