import { sql } from 'drizzle-orm';
import type { AttributeCreate, AttributeDefinition, AttributeType, Attributes } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, badField, notFound, type FieldProblem } from '../platform/errors.ts';
import { newId } from '../platform/ids.ts';
import { iso, rows } from './sql.ts';

export type Target = 'contact' | 'company';
export type Definitions = Map<string, AttributeType>;

interface DefinitionRecord {
  id: string;
  target: Target;
  key: string;
  label: string;
  type: AttributeType;
  description: string | null;
  created_at: Date | string;
}

const toDefinition = (r: DefinitionRecord): AttributeDefinition => ({
  id: r.id,
  target: r.target,
  key: r.key,
  label: r.label,
  type: r.type,
  description: r.description,
  created_at: iso(r.created_at)!,
});

export async function listDefinitions(db: DbOrTx, workspaceId: string, target?: Target) {
  const list = await rows<DefinitionRecord>(
    db,
    sql`select * from attribute_definitions where workspace_id = ${workspaceId}
        ${target ? sql`and target = ${target}` : sql``} order by target, key`,
  );
  return list.map(toDefinition);
}

/** Both targets' definitions in one query: callers may pass a transaction, which runs one query at a time. */
export async function allDefinitions(db: DbOrTx, workspaceId: string): Promise<Record<Target, Definitions>> {
  const list = await rows<{ target: Target; key: string; type: AttributeType }>(
    db,
    sql`select target, key, type from attribute_definitions where workspace_id = ${workspaceId}`,
  );
  const out: Record<Target, Definitions> = { contact: new Map(), company: new Map() };
  for (const d of list) out[d.target].set(d.key, d.type);
  return out;
}

export async function definitionsFor(db: DbOrTx, workspaceId: string, target: Target): Promise<Definitions> {
  const list = await rows<{ key: string; type: AttributeType }>(
    db,
    sql`select key, type from attribute_definitions where workspace_id = ${workspaceId} and target = ${target}`,
  );
  return new Map(list.map((d) => [d.key, d.type]));
}

export async function createDefinition(db: DbOrTx, workspaceId: string, input: AttributeCreate) {
  const [row] = await rows<DefinitionRecord>(
    db,
    sql`insert into attribute_definitions (workspace_id, id, target, key, label, type, description)
        values (${workspaceId}, ${newId()}, ${input.target}, ${input.key}, ${input.label}, ${input.type},
                ${input.description ?? null})
        on conflict do nothing returning *`,
  );
  if (!row) throw new AppError('conflict', `key: ${input.target} attribute "${input.key}" already exists`, [
    { field: 'key', message: 'already exists' },
  ]);
  return toDefinition(row);
}

export async function deleteDefinition(db: DbOrTx, workspaceId: string, id: string) {
  const deleted = await rows(
    db,
    sql`delete from attribute_definitions where workspace_id = ${workspaceId} and id = ${id} returning id`,
  );
  if (deleted.length === 0) throw notFound('Attribute definition');
}

/**
 * The value as its definition's type wants it, or undefined when it cannot be one. Lenient the
 * way trackers are (a number sent as "42" is a number), and dates are stored as ISO 8601 so
 * they sort and compare as text.
 */
export function coerce(value: unknown, type: AttributeType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
    case 'date': {
      if (typeof value !== 'string' && typeof value !== 'number') return undefined;
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
    }
  }
}

/** Typed attributes checked against their definitions; keys without a definition pass as-is. */
export function validateAttributes(attrs: Attributes, defs: Definitions, field = 'attributes'): Attributes {
  const out: Attributes = {};
  const problems: FieldProblem[] = [];
  for (const [key, value] of Object.entries(attrs)) {
    const type = defs.get(key);
    if (!type) {
      out[key] = value;
      continue;
    }
    const v = coerce(value, type);
    if (v === undefined) problems.push({ field: `${field}.${key}`, message: `expected a ${type}` });
    else out[key] = v;
  }
  if (problems.length === 1) throw badField(problems[0]!.field, problems[0]!.message);
  if (problems.length > 1) {
    throw new AppError('validation_failed', problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
  }
  return out;
}
