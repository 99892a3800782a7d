import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ATTRIBUTE_KEY_RE, FilterCondition, inTimeRange } from '../../contracts/contacts.ts';
import { badField } from '../platform/errors.ts';
import { coerce, type Definitions } from './attributes.ts';
import { likeEscape, unstorableText } from './sql.ts';

/**
 * Compiles list filters and sorts into parameterised SQL. Field names only ever select one of
 * the fixed column expressions below; attribute keys are checked against ATTRIBUTE_KEY_RE and
 * still travel as bound parameters, like every value. Nothing from a request is spliced.
 */

export type ColumnType = 'text' | 'email' | 'enum' | 'timestamp' | 'number';
export interface Column {
  expr: SQL;
  type: ColumnType;
  nullable: boolean;
  values?: readonly string[];
}
export interface Table {
  columns: Record<string, Column>;
  sortable: readonly string[];
  attributes: SQL;
  id: SQL;
}

const SQL_TYPE: Record<ColumnType | 'jsonb', SQL> = {
  text: sql`text`,
  email: sql`text`,
  enum: sql`text`,
  timestamp: sql`timestamptz`,
  number: sql`numeric`,
  jsonb: sql`jsonb`,
};

const Filters = z.array(FilterCondition).max(20);

/** The `filter` query parameter: a JSON array of {field, op, value}. */
export function parseFilter(raw: string | undefined) {
  if (!raw) return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw badField('filter', 'must be a JSON array of {field, op, value}');
  }
  const bad = unstorableText(json);
  if (bad !== undefined) throw badField(`filter.${bad}`, 'contains a character that cannot be stored');
  const parsed = Filters.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badField(['filter', ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

function attributeKey(field: string, where: string): string {
  const key = field.slice('attributes.'.length);
  if (!ATTRIBUTE_KEY_RE.test(key)) throw badField(where, 'attribute keys are 1–64 letters, digits, _ . or -');
  return key;
}

function columnValue(col: Column, value: unknown, where: string): string | number {
  switch (col.type) {
    case 'timestamp': {
      const d = typeof value === 'string' || typeof value === 'number' ? new Date(value) : null;
      if (!d || !inTimeRange(d.getTime())) throw badField(where, 'expected a date (ISO 8601, years 1–9999)');
      return d.toISOString();
    }
    case 'number': {
      const n = coerce(value, 'number');
      if (typeof n !== 'number') throw badField(where, 'expected a number');
      return n;
    }
    case 'enum':
      if (typeof value !== 'string' || !col.values!.includes(value)) {
        throw badField(where, `expected one of ${col.values!.join(', ')}`);
      }
      return value;
    default:
      if (typeof value !== 'string' && typeof value !== 'number') throw badField(where, 'expected a string');
      return String(value);
  }
}

const CMP = { gt: sql`>`, gte: sql`>=`, lt: sql`<`, lte: sql`<=` } as const;

function columnCondition(col: Column, c: FilterCondition, path: string): SQL {
  const where = `${path}.value`;
  const { expr } = col;
  if (c.op === 'exists') return sql`${expr} is not null`;
  if (c.op === 'not_exists') return sql`${expr} is null`;
  if (c.value === null || c.value === undefined) {
    if (c.op === 'eq') return sql`${expr} is null`;
    if (c.op === 'neq') return sql`${expr} is not null`;
    throw badField(where, 'a value is required');
  }
  const v = columnValue(col, c.value, where);
  const param = sql`${v}::${SQL_TYPE[col.type]}`;
  switch (c.op) {
    case 'eq':
      return col.type === 'email' ? sql`lower(${expr}) = lower(${param})` : sql`${expr} = ${param}`;
    case 'neq':
      return col.type === 'email'
        ? sql`lower(${expr}) is distinct from lower(${param})`
        : sql`${expr} is distinct from ${param}`;
    case 'contains':
    case 'starts_with': {
      if (col.type === 'timestamp' || col.type === 'number' || col.type === 'enum') {
        throw badField(`${path}.op`, `${c.op} works on text fields only`);
      }
      const pattern = (c.op === 'contains' ? '%' : '') + likeEscape(String(v)) + '%';
      return sql`${expr} ilike ${pattern} escape '\\'`;
    }
    default:
      if (col.type === 'enum') throw badField(`${path}.op`, `${c.op} does not apply to ${c.field}`);
      return sql`${expr} ${CMP[c.op]} ${param}`;
  }
}

function attributeCondition(attrs: SQL, key: string, defs: Definitions, c: FilterCondition, path: string): SQL {
  const where = `${path}.value`;
  const value = sql`(${attrs} -> ${key}::text)`;
  const present = sql`coalesce(jsonb_typeof(${value}), 'null') <> 'null'`;
  if (c.op === 'exists') return present;
  if (c.op === 'not_exists') return sql`not (${present})`;
  if (c.value === null || c.value === undefined) {
    if (c.op === 'eq') return sql`not (${present})`;
    if (c.op === 'neq') return present;
    throw badField(where, 'a value is required');
  }
  const type = defs.get(key);
  let v: unknown = c.value;
  if (type) {
    v = coerce(c.value, type);
    if (v === undefined) throw badField(where, `expected a ${type}`);
  }
  const json = sql`${JSON.stringify(v)}::jsonb`;
  switch (c.op) {
    case 'eq':
      // Containment uses the GIN index on attributes.
      return sql`${attrs} @> jsonb_build_object(${key}::text, ${json})`;
    case 'neq':
      return sql`not (${attrs} @> jsonb_build_object(${key}::text, ${json}))`;
    case 'contains':
    case 'starts_with': {
      const pattern = (c.op === 'contains' ? '%' : '') + likeEscape(String(v)) + '%';
      return sql`(${attrs} ->> ${key}::text) ilike ${pattern} escape '\\'`;
    }
    default:
      // jsonb orders values of different types by type; compare only like with like.
      return sql`(${value} ${CMP[c.op]} ${json} and jsonb_typeof(${value}) = jsonb_typeof(${json}))`;
  }
}

export function compileFilters(table: Table, filters: FilterCondition[], defs: Definitions): SQL[] {
  return filters.map((c, i) => compileCondition(table, c, defs, `filter.${i}`));
}

/** One condition; `path` names it in errors (`filter.0`, `rule.conditions.2`, …). */
export function compileCondition(table: Table, c: FilterCondition, defs: Definitions, path: string): SQL {
  if (c.field.startsWith('attributes.')) {
    return attributeCondition(table.attributes, attributeKey(c.field, `${path}.field`), defs, c, path);
  }
  const col = Object.hasOwn(table.columns, c.field) ? table.columns[c.field] : undefined;
  if (!col) throw badField(`${path}.field`, `unknown field; use ${Object.keys(table.columns).join(', ')} or attributes.<key>`);
  return columnCondition(col, c, path);
}

export interface Sort {
  field: string;
  order: 'asc' | 'desc';
  expr: SQL;
  type: ColumnType | 'jsonb';
  nullable: boolean;
}

export function compileSort(table: Table, field: string, order: 'asc' | 'desc'): Sort {
  if (field.startsWith('attributes.')) {
    const key = attributeKey(field, 'sort');
    return { field, order, expr: sql`(${table.attributes} -> ${key}::text)`, type: 'jsonb', nullable: true };
  }
  if (!table.sortable.includes(field)) {
    throw badField('sort', `use ${table.sortable.join(', ')} or attributes.<key>`);
  }
  const col = table.columns[field]!;
  return { field, order, expr: col.expr, type: col.type, nullable: col.nullable };
}

/**
 * Missing values sort as the smallest: first ascending, last descending (so "most recently seen"
 * never starts with contacts never seen). One `nulls first` index serves both directions.
 */
export function orderBy(sort: Sort, id: SQL): SQL {
  if (!sort.nullable) return sort.order === 'asc' ? sql`${sort.expr} asc, ${id} asc` : sql`${sort.expr} desc, ${id} desc`;
  return sort.order === 'asc'
    ? sql`${sort.expr} asc nulls first, ${id} asc`
    : sql`${sort.expr} desc nulls last, ${id} desc`;
}

/** The cursor carries the last row's sort value and id, plus the sort it belongs to. */
interface CursorData {
  s: string;
  v: unknown;
  id: string;
}

export function encodeCursor(sort: Sort, value: unknown, id: string): string {
  const v = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify({ s: `${sort.field}:${sort.order}`, v, id } satisfies CursorData)).toString('base64url');
}

const CursorShape = z.object({ s: z.string(), v: z.unknown(), id: z.uuid() });

/** Rows after the cursor in the sort's order (missing values smallest, see orderBy). */
export function afterCursor(sort: Sort, id: SQL, cursor: string): SQL {
  let data: CursorData;
  try {
    data = CursorShape.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))) as CursorData;
  } catch {
    throw badField('cursor', 'not a cursor from this list');
  }
  if (unstorableText(data) !== undefined) throw badField('cursor', 'not a cursor from this list');
  if (data.s !== `${sort.field}:${sort.order}`) throw badField('cursor', 'belongs to a different sort');
  const cmp = sort.order === 'asc' ? sql`>` : sql`<`;
  const cid = sql`${data.id}::uuid`;
  if (data.v === null || data.v === undefined) {
    if (!sort.nullable) throw badField('cursor', 'not a cursor from this list');
    // Ascending, the nulls come first and every non-null value follows them.
    return sort.order === 'asc'
      ? sql`((${sort.expr} is null and ${id} > ${cid}) or ${sort.expr} is not null)`
      : sql`(${sort.expr} is null and ${id} < ${cid})`;
  }
  let v: unknown = data.v;
  if (sort.type === 'jsonb') v = JSON.stringify(v);
  else if (sort.type === 'timestamp' || sort.type === 'number') {
    v = columnValue({ expr: sort.expr, type: sort.type, nullable: true }, v, 'cursor');
  } else if (typeof v !== 'string') throw badField('cursor', 'not a cursor from this list');
  const param = sql`${v}::${SQL_TYPE[sort.type]}`;
  if (!sort.nullable) return sql`(${sort.expr}, ${id}) ${cmp} (${param}, ${cid})`;
  const after = sql`${sort.expr} ${cmp} ${param} or (${sort.expr} = ${param} and ${id} ${cmp} ${cid})`;
  return sort.order === 'asc' ? sql`(${after})` : sql`(${after} or ${sort.expr} is null)`;
}
