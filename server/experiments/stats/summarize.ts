import type { ArmUnits } from '../input/units-csv.ts';
import type { ArmSummary } from './analyze.ts';
import { coMoments, moments } from './moments.ts';

/** Sufficient statistics of one arm from its units (two-pass, compensated). */
export function summarizeArm(units: ArmUnits): ArmSummary {
  let conversions = 0;
  for (const c of units.converted) conversions += c;
  return {
    n: units.converted.length,
    conversions,
    revenue: coMoments(units.preRevenue, units.revenue),
    conversations: moments(units.conversations),
    searches: moments(units.searches),
  };
}
