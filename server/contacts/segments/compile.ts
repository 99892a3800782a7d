import { sql, type SQL } from 'drizzle-orm';
import { ATTRIBUTE_KEY_RE, type FilterCondition } from '../../../contracts/contacts.ts';
import {
  MAX_RULE_CONDITIONS,
  MAX_RULE_DEPTH,
  type EventCondition,
  type FieldCondition,
  type RuleGroup,
  type SegmentTarget,
} from '../../../contracts/segments.ts';
import { badField } from '../../platform/errors.ts';
import type { Definitions } from '../attributes.ts';
import { companyTable } from '../companies.ts';
import { contactTable } from '../contacts.ts';
import { compileCondition, type Table } from '../query.ts';

/**
 * Compiles a segment rule into one boolean SQL expression over the target's row (`c` for
 * contacts, `co` for companies). Fields reuse the list filters' compiler, so a rule never
 * splices anything from its author: field names pick fixed column expressions, and every key
 * and value is a bound parameter.
 */

export interface RuleContext {
  contact: Definitions;
  company: Definitions;
  /** The clock relative conditions ("in the last 7 days") are measured from. */
  now: Date;
}

const DAY_MS = 86_400_000;
const TRUE = sql`true`;
const FALSE = sql`false`;

const propertiesTable: Table = { columns: {}, sortable: [], attributes: sql`e.properties`, id: sql`e.id` };

/** Checks depth and size before any SQL is built, naming the offending place. */
function checkShape(group: RuleGroup, path: string, depth: number, count: { n: number }): void {
  if (depth > MAX_RULE_DEPTH) throw badField(path, `groups nest at most ${MAX_RULE_DEPTH} deep`);
  group.conditions.forEach((c, i) => {
    if (c.type === 'group') checkShape(c, `${path}.conditions.${i}`, depth + 1, count);
    else if (++count.n > MAX_RULE_CONDITIONS) {
      throw badField(`${path}.conditions.${i}`, `a rule has at most ${MAX_RULE_CONDITIONS} conditions`);
    }
  });
}

export function compileRule(target: SegmentTarget, rule: RuleGroup, context: RuleContext, path = 'rule'): SQL {
  checkShape(rule, path, 1, { n: 0 });
  return compileGroup(target, rule, context, path);
}

function compileGroup(target: SegmentTarget, group: RuleGroup, context: RuleContext, path: string): SQL {
  if (group.conditions.length === 0) return group.match === 'all' ? TRUE : FALSE;
  const parts = group.conditions.map((c, i) => {
    const where = `${path}.conditions.${i}`;
    if (c.type === 'group') return compileGroup(target, c, context, where);
    if (c.type === 'event') return eventCondition(target, c, context, where);
    return fieldCondition(target, c, context, where);
  });
  return sql`(${sql.join(parts, group.match === 'all' ? sql` and ` : sql` or `)})`;
}

/** `within_last_days` / `more_than_days_ago` become a comparison with a date from `now`. */
function absolute(c: FieldCondition, isDate: boolean, context: RuleContext, path: string): FilterCondition {
  if (c.op !== 'within_last_days' && c.op !== 'more_than_days_ago') return { field: c.field, op: c.op, value: c.value };
  if (!isDate) throw badField(`${path}.op`, `${c.op} works on date fields only`);
  const days = c.value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > 36_500) {
    throw badField(`${path}.value`, 'expected a whole number of days (0–36500)');
  }
  const since = new Date(context.now.getTime() - days * DAY_MS).toISOString();
  return { field: c.field, op: c.op === 'within_last_days' ? 'gte' : 'lt', value: since };
}

function onTable(table: Table, defs: Definitions, c: FieldCondition, field: string, context: RuleContext, path: string): SQL {
  const key = field.startsWith('attributes.') ? field.slice('attributes.'.length) : undefined;
  const isDate = key !== undefined ? defs.get(key) === 'date' : table.columns[field]?.type === 'timestamp';
  return compileCondition(table, absolute({ ...c, field }, isDate, context, path), defs, path);
}

function fieldCondition(target: SegmentTarget, c: FieldCondition, context: RuleContext, path: string): SQL {
  if (target === 'company') return onTable(companyTable, context.company, c, c.field, context, path);
  if (!c.field.startsWith('company.')) return onTable(contactTable, context.contact, c, c.field, context, path);
  const inner = onTable(companyTable, context.company, c, c.field.slice('company.'.length), context, path);
  return sql`exists (select 1 from contact_companies cc
    join companies co on co.workspace_id = cc.workspace_id and co.id = cc.company_id
    where cc.workspace_id = c.workspace_id and cc.contact_id = c.id and ${inner})`;
}

function eventCondition(target: SegmentTarget, c: EventCondition, context: RuleContext, path: string): SQL {
  const where: SQL[] = [
    target === 'contact'
      ? sql`e.workspace_id = c.workspace_id and e.contact_id = c.id`
      : sql`e.workspace_id = co.workspace_id and e.contact_id in (select m.contact_id from contact_companies m
              where m.workspace_id = co.workspace_id and m.company_id = co.id)`,
    sql`e.name = ${c.event}`,
  ];
  if (c.within_days !== undefined) {
    where.push(sql`e.occurred_at >= ${new Date(context.now.getTime() - c.within_days * DAY_MS).toISOString()}::timestamptz`);
  }
  (c.properties ?? []).forEach((p, j) => {
    const at = `${path}.properties.${j}`;
    if (!ATTRIBUTE_KEY_RE.test(p.property)) throw badField(`${at}.property`, 'property keys are 1–64 letters, digits, _ . or -');
    where.push(compileCondition(propertiesTable, { field: `attributes.${p.property}`, op: p.op, value: p.value }, new Map(), at));
  });
  const matching = sql`from events e where ${sql.join(where, sql` and `)}`;
  if (c.op === 'did_not') {
    if (c.count) throw badField(`${path}.count`, 'a count goes with "did", not "did_not"');
    return sql`not exists (select 1 ${matching})`;
  }
  if (!c.count || (c.count.op === 'gte' && c.count.value === 1)) return sql`exists (select 1 ${matching})`;
  const cmp = { gte: sql`>=`, lte: sql`<=`, eq: sql`=` }[c.count.op];
  return sql`(select count(*) ${matching}) ${cmp} ${c.count.value}`;
}
