import { parseContent, type CampaignLocale, type CampaignType } from '../../contracts/campaigns.ts';
import { AppError, type FieldProblem } from '../platform/errors.ts';

interface Checked {
  type: CampaignType;
  defaultLocale: CampaignLocale;
  content: Record<string, Record<string, unknown>>;
  goal: unknown;
  controlPct: number;
}

/**
 * The rules zod cannot see alone: each locale's content against its type's schema, the default
 * locale present, and a goal for a control group (without one there is nothing to compare).
 * Returns the content with each type's defaults applied.
 */
export function checkCampaign(input: Checked): Record<string, Record<string, unknown>> {
  const problems: FieldProblem[] = [];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [locale, value] of Object.entries(input.content)) {
    const parsed = parseContent(input.type, value);
    if (parsed.ok) out[locale] = parsed.value;
    else for (const i of parsed.issues) problems.push(i.path === '' && i.message.includes('not available') ? { field: 'body.type', message: i.message } : { field: `body.content.${locale}${i.path ? `.${i.path}` : ''}`, message: i.message });
  }
  if (!(input.defaultLocale in input.content)) problems.push({ field: `body.content.${input.defaultLocale}`, message: 'the default locale needs content' });
  if (input.controlPct > 0 && !input.goal) problems.push({ field: 'body.goal', message: 'is required with a control group: it is what the control group is compared on' });
  if (problems.length) {
    const unique = problems.filter((p, i) => problems.findIndex((q) => q.field === p.field && q.message === p.message) === i);
    throw new AppError('validation_failed', unique.map((p) => `${p.field}: ${p.message}`).join('; '), unique);
  }
  return out;
}
