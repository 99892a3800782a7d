/**
 * Holm's step-down adjustment of one family of p-values. Undefined p-values stay null and are not
 * members of the family (m counts the defined ones only).
 */
export function holm(pValues: readonly (number | null)[]): (number | null)[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter((e): e is { p: number; i: number } => e.p !== null)
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const adjusted: (number | null)[] = pValues.map(() => null);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
