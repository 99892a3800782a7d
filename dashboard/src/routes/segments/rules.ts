import type { AttributeDefinition, RuleCondition, RuleFieldOp, RuleGroup, SegmentTarget } from '../../api/types.ts';
import { COMPANY_FIELDS } from '../companies/fields.ts';
import { attributeFields, CONTACT_FIELDS, needsValue, type FieldOption } from '../contacts/fields.ts';

/** The server's relative date operators (contracts/segments.ts), kept here so no zod code reaches the bundle. */
export const RELATIVE_OPS = ['within_last_days', 'more_than_days_ago'] as const satisfies readonly RuleFieldOp[];
export const isRelative = (op: RuleFieldOp) => (RELATIVE_OPS as readonly string[]).includes(op);

export const emptyRule = (): RuleGroup => ({ type: 'group', match: 'all', conditions: [] });

/**
 * The fields a rule can test: the target's own fields and custom attributes and, for people,
 * their companies' (marked with the company prefix in the label).
 */
export function segmentFields(
  target: SegmentTarget,
  defs: AttributeDefinition[],
  companyLabel: (field: FieldOption) => string,
): FieldOption[] {
  const companies = [...COMPANY_FIELDS, ...attributeFields(defs, 'company')];
  if (target === 'company') return companies;
  const own = [...CONTACT_FIELDS, ...attributeFields(defs, 'contact')];
  return [
    ...own,
    ...companies.map((f) => ({ ...f, value: `company.${f.value}`, label: companyLabel(f), custom: true })),
  ];
}

function complete(c: RuleCondition | RuleGroup): boolean {
  if (c.type === 'group') return true;
  if (c.type === 'event') return c.event.trim() !== '';
  if (!needsValue(c.op)) return true;
  return c.value !== '' && c.value !== undefined;
}

/** The rule without conditions still being filled in, so a half-typed row never blocks the live count. */
export function completeRule(group: RuleGroup): RuleGroup {
  return {
    ...group,
    conditions: group.conditions.filter(complete).map((c) => (c.type === 'group' ? completeRule(c) : c)),
  };
}
