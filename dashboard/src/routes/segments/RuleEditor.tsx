import { ActionIcon, Autocomplete, Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconBolt, IconFolderPlus, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RuleCondition, RuleEventCondition, RuleFieldCondition, RuleFieldOp, RuleGroup, SegmentTarget } from '../../api/types.ts';
import { useEventNames } from '../../api/segments.ts';
import { ValueInput } from '../../components/FilterBuilder.tsx';
import { needsValue, opsFor, type FieldOption } from '../contacts/fields.ts';
import { isRelative, RELATIVE_OPS } from './rules.ts';

/** Groups nest this deep at most, like the server allows. */
const MAX_DEPTH = 3;

interface Props {
  target: SegmentTarget;
  fields: FieldOption[];
  value: RuleGroup;
  onChange: (rule: RuleGroup) => void;
}

/** Builds a segment rule: groups of "all"/"any" conditions on fields and events, nested up to three deep. */
export function RuleEditor({ target, fields, value, onChange }: Props) {
  return <GroupEditor target={target} fields={fields} group={value} onChange={onChange} depth={1} path="rule" />;
}

function GroupEditor({
  target,
  fields,
  group,
  onChange,
  onRemove,
  depth,
  path,
}: Omit<Props, 'value'> & { group: RuleGroup; onRemove?: () => void; depth: number; path: string }) {
  const { t } = useTranslation();
  const set = (i: number, next: RuleCondition | RuleGroup) =>
    onChange({ ...group, conditions: group.conditions.map((c, j) => (j === i ? next : c)) });
  const remove = (i: number) => onChange({ ...group, conditions: group.conditions.filter((_, j) => j !== i) });
  const add = (c: RuleCondition | RuleGroup) => onChange({ ...group, conditions: [...group.conditions, c] });
  const first = fields[0]!;

  return (
    <Paper withBorder p="sm" radius="md" data-testid={`group-${path}`} bg={depth > 1 ? 'var(--mantine-color-default-hover)' : undefined}>
      <Stack gap="xs">
        <Group justify="space-between">
          <SegmentedControl
            size="xs"
            aria-label={t('segments.match.label')}
            value={group.match}
            onChange={(m) => onChange({ ...group, match: m as RuleGroup['match'] })}
            data={[
              { value: 'all', label: t('segments.match.all') },
              { value: 'any', label: t('segments.match.any') },
            ]}
          />
          {onRemove && (
            <ActionIcon variant="subtle" color="gray" aria-label={t('segments.removeGroup')} onClick={onRemove}>
              <IconTrash size={16} />
            </ActionIcon>
          )}
        </Group>
        {group.conditions.length === 0 && (
          <Text size="sm" c="dimmed">
            {group.match === 'all' ? t('segments.emptyAll') : t('segments.emptyAny')}
          </Text>
        )}
        {group.conditions.map((c, i) => {
          const at = `${path}.conditions.${i}`;
          if (c.type === 'group') {
            return (
              <GroupEditor
                key={i}
                target={target}
                fields={fields}
                group={c}
                onChange={(g) => set(i, g)}
                onRemove={() => remove(i)}
                depth={depth + 1}
                path={at}
              />
            );
          }
          return c.type === 'event' ? (
            <EventRow key={i} condition={c} onChange={(n) => set(i, n)} onRemove={() => remove(i)} />
          ) : (
            <FieldRow key={i} fields={fields} condition={c} onChange={(n) => set(i, n)} onRemove={() => remove(i)} />
          );
        })}
        <Group gap="xs">
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => add({ type: 'field', field: first.value, op: opsFor(first.type)[0]!, value: '' })}
          >
            {t('segments.addCondition')}
          </Button>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconBolt size={14} />}
            onClick={() => add({ type: 'event', event: '', op: 'did' })}
          >
            {target === 'company' ? t('segments.addCompanyEvent') : t('segments.addEvent')}
          </Button>
          {depth < MAX_DEPTH && (
            <Button
              variant="subtle"
              size="xs"
              leftSection={<IconFolderPlus size={14} />}
              onClick={() => add({ type: 'group', match: group.match === 'all' ? 'any' : 'all', conditions: [] })}
            >
              {t('segments.addGroup')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function RemoveButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <ActionIcon variant="subtle" color="gray" mt={4} aria-label={t('filters.remove')} onClick={onClick}>
      <IconTrash size={16} />
    </ActionIcon>
  );
}

function FieldRow({
  fields,
  condition,
  onChange,
  onRemove,
}: {
  fields: FieldOption[];
  condition: RuleFieldCondition;
  onChange: (c: RuleFieldCondition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const fieldOf = (name: string) => fields.find((f) => f.value === name);
  const field = fieldOf(condition.field) ?? fields[0]!;
  const ops: RuleFieldOp[] = [...opsFor(field.type), ...(field.type === 'date' ? RELATIVE_OPS : [])];
  const op = ops.includes(condition.op) ? condition.op : ops[0]!;
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="field-condition">
      <Select
        aria-label={t('filters.field')}
        w={200}
        searchable
        allowDeselect={false}
        data={fields.map((o) => ({ value: o.value, label: o.custom ? o.label : t(o.label) }))}
        value={field.value}
        onChange={(v) => {
          const next = fieldOf(v ?? '') ?? fields[0]!;
          onChange({ type: 'field', field: next.value, op: opsFor(next.type)[0]!, value: '' });
        }}
      />
      <Select
        aria-label={t('filters.operator')}
        w={190}
        allowDeselect={false}
        data={ops.map((o) => ({ value: o, label: t(isRelative(o) ? `segments.relative.${o}` : `filters.ops.${o}`) }))}
        value={op}
        onChange={(v) => {
          const next = (v ?? 'eq') as RuleFieldOp;
          // A count of days and a date are different kinds of value: start the new one empty.
          onChange({ ...condition, op: next, value: isRelative(next) === isRelative(op) ? condition.value : '' });
        }}
      />
      {isRelative(op) ? (
        <NumberInput
          aria-label={t('segments.days')}
          style={{ flex: 1 }}
          min={0}
          allowDecimal={false}
          suffix={` ${t('segments.daysSuffix')}`}
          value={typeof condition.value === 'number' ? condition.value : ''}
          onChange={(v) => onChange({ ...condition, value: typeof v === 'number' ? v : '' })}
        />
      ) : needsValue(op) ? (
        <ValueInput type={field.type} value={condition.value} onChange={(v) => onChange({ ...condition, value: v })} />
      ) : (
        <div style={{ flex: 1 }} />
      )}
      <RemoveButton onClick={onRemove} />
    </Group>
  );
}

function EventRow({
  condition,
  onChange,
  onRemove,
}: {
  condition: RuleEventCondition;
  onChange: (c: RuleEventCondition) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const names = useEventNames();
  const count = condition.count ?? { op: 'gte' as const, value: 1 };
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start" data-testid="event-condition">
      <Select
        aria-label={t('segments.event.did')}
        w={140}
        allowDeselect={false}
        data={[
          { value: 'did', label: t('segments.event.did') },
          { value: 'did_not', label: t('segments.event.didNot') },
        ]}
        value={condition.op}
        onChange={(v) => {
          const { count: _dropped, ...rest } = condition;
          onChange(v === 'did_not' ? { ...rest, op: 'did_not' } : { ...rest, op: 'did' });
        }}
      />
      <Autocomplete
        aria-label={t('segments.event.name')}
        placeholder={t('segments.event.name')}
        style={{ flex: 1 }}
        data={names.data ?? []}
        value={condition.event}
        onChange={(event) => onChange({ ...condition, event })}
      />
      {condition.op === 'did' && (
        <>
          <Select
            aria-label={t('segments.event.count')}
            w={120}
            allowDeselect={false}
            data={(['gte', 'lte', 'eq'] as const).map((o) => ({ value: o, label: t(`segments.event.countOps.${o}`) }))}
            value={count.op}
            onChange={(v) => onChange({ ...condition, count: { ...count, op: (v ?? 'gte') as typeof count.op } })}
          />
          <NumberInput
            aria-label={t('segments.event.times')}
            w={110}
            min={0}
            allowDecimal={false}
            suffix={` ${t('segments.event.timesSuffix')}`}
            value={count.value}
            onChange={(v) => onChange({ ...condition, count: { ...count, value: typeof v === 'number' ? v : 1 } })}
          />
        </>
      )}
      <NumberInput
        aria-label={t('segments.event.within')}
        w={150}
        min={1}
        allowDecimal={false}
        placeholder={t('segments.event.anyTime')}
        prefix={`${t('segments.event.withinPrefix')} `}
        suffix={` ${t('segments.daysSuffix')}`}
        value={condition.within_days ?? ''}
        onChange={(v) => {
          const { within_days: _old, ...rest } = condition;
          onChange(typeof v === 'number' ? { ...rest, within_days: v } : rest);
        }}
      />
      <RemoveButton onClick={onRemove} />
    </Group>
  );
}
