import type { AttributeDefinition, AttributeType, Filter, FilterOp } from '../../api/types.ts';

export interface FieldOption {
  /** The API's field name: a standard field or `attributes.<key>`. */
  value: string;
  /** i18n key for a standard field; the definition's own label for a custom attribute. */
  label: string;
  custom: boolean;
  type: AttributeType | 'role';
}

export const CONTACT_FIELDS: FieldOption[] = [
  { value: 'name', label: 'contacts.fields.name', custom: false, type: 'string' },
  { value: 'email', label: 'contacts.fields.email', custom: false, type: 'string' },
  { value: 'role', label: 'contacts.fields.role', custom: false, type: 'role' },
  { value: 'external_id', label: 'contacts.fields.external_id', custom: false, type: 'string' },
  { value: 'phone', label: 'contacts.fields.phone', custom: false, type: 'string' },
  { value: 'locale', label: 'contacts.fields.locale', custom: false, type: 'string' },
  { value: 'timezone', label: 'contacts.fields.timezone', custom: false, type: 'string' },
  { value: 'created_at', label: 'contacts.fields.created_at', custom: false, type: 'date' },
  { value: 'last_seen_at', label: 'contacts.fields.last_seen_at', custom: false, type: 'date' },
  { value: 'signed_up_at', label: 'contacts.fields.signed_up_at', custom: false, type: 'date' },
  { value: 'session_count', label: 'contacts.fields.session_count', custom: false, type: 'number' },
];

export const CONTACT_SORTS = ['created_at', 'last_seen_at', 'name', 'email', 'signed_up_at'];
export const COMPANY_SORTS = ['created_at', 'name', 'plan', 'mrr', 'trial_ends_at'];

export function attributeFields(defs: AttributeDefinition[], target: 'contact' | 'company'): FieldOption[] {
  return defs
    .filter((d) => d.target === target)
    .map((d) => ({ value: `attributes.${d.key}`, label: d.label, custom: true, type: d.type }));
}

const ALL_OPS: FilterOp[] = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'contains', 'starts_with', 'exists', 'not_exists'];

export function opsFor(type: FieldOption['type']): FilterOp[] {
  switch (type) {
    case 'string':
      return ['eq', 'neq', 'contains', 'starts_with', 'exists', 'not_exists'];
    case 'number':
    case 'date':
      return ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'exists', 'not_exists'];
    case 'boolean':
    case 'role':
      return ['eq', 'neq', 'exists', 'not_exists'];
    default:
      return ALL_OPS;
  }
}

export const needsValue = (op: string) => op !== 'exists' && op !== 'not_exists';

/** Reads the `filter` search parameter; anything malformed counts as no filter. */
export function parseFilters(raw: string | null): Filter[] {
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? (parsed.filter((f) => f && typeof f.field === 'string' && typeof f.op === 'string') as Filter[]) : [];
  } catch {
    return [];
  }
}
