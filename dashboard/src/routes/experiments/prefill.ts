/**
 * A design handed to the experiments lab by another screen (`/experiments/new?design=<json>`), e.g.
 * the customer-outcomes report's "test this". Only known fields of the right type are taken.
 */
export interface DesignPrefill {
  name?: string;
  key?: string;
  flag?: string;
  unit?: 'contact' | 'company' | 'visitor';
  metric?: { key: string; label: string; kind: 'conversion' | 'count' | 'revenue' | 'retention'; window_days: number };
  hypothesis?: { text: string; direction: 'increase' | 'decrease' | 'any' };
}

const str = (v: unknown, max = 200) => (typeof v === 'string' && v.length <= max ? v : undefined);

export function readPrefill(param: string | null): DesignPrefill {
  if (!param) return {};
  let raw: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(param);
    if (!parsed || typeof parsed !== 'object') return {};
    raw = parsed as Record<string, unknown>;
  } catch {
    return {};
  }
  const out: DesignPrefill = { name: str(raw.name), key: str(raw.key, 100), flag: str(raw.flag, 100) };
  if (raw.unit === 'contact' || raw.unit === 'company' || raw.unit === 'visitor') out.unit = raw.unit;
  const m = raw.metric as Record<string, unknown> | undefined;
  if (m && str(m.key, 100) && ['conversion', 'count', 'revenue', 'retention'].includes(m.kind as string)) {
    out.metric = { key: m.key as string, label: str(m.label) ?? '', kind: m.kind as 'retention', window_days: Number(m.window_days) || 35 };
  }
  const h = raw.hypothesis as Record<string, unknown> | undefined;
  if (h && str(h.text, 2000) && ['increase', 'decrease', 'any'].includes(h.direction as string)) {
    out.hypothesis = { text: h.text as string, direction: h.direction as 'increase' };
  }
  return out;
}
