import type { FieldOption } from '../contacts/fields.ts';

export const COMPANY_FIELDS: FieldOption[] = [
  { value: 'name', label: 'companies.fields.name', custom: false, type: 'string' },
  { value: 'plan', label: 'companies.fields.plan', custom: false, type: 'string' },
  { value: 'mrr', label: 'companies.fields.mrr', custom: false, type: 'number' },
  { value: 'external_id', label: 'companies.fields.external_id', custom: false, type: 'string' },
  { value: 'industry', label: 'companies.fields.industry', custom: false, type: 'string' },
  { value: 'size', label: 'companies.fields.size', custom: false, type: 'number' },
  { value: 'created_at', label: 'companies.fields.created_at', custom: false, type: 'date' },
  { value: 'trial_ends_at', label: 'companies.fields.trial_ends_at', custom: false, type: 'date' },
];
