import { useState } from 'react';
import { ActionIcon, Badge, Button, Group, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFilter, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Filter, FilterOp } from '../api/types.ts';
import { formatValue } from './format.ts';
import { needsValue, opsFor, type FieldOption } from '../routes/contacts/fields.ts';

/** Dropdowns inside the popover stay in its DOM: a portalled option click would count as a click outside and close it. */
export const INSIDE_POPOVER = { withinPortal: false } as const;

interface Props {
  fields: FieldOption[];
  value: Filter[];
  onChange: (filters: Filter[]) => void;
}

/** Builds the `filter` JSON of the list API: every condition must hold (AND). */
export function FilterBuilder({ fields, value, onChange }: Props) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const [draft, setDraft] = useState<Filter[]>(value);
  const label = (f: FieldOption) => (f.custom ? f.label : t(f.label));
  const fieldOf = (name: string) => fields.find((f) => f.value === name);
  const shownValue = (f: Filter, field: FieldOption | undefined) =>
    field?.type === 'role' ? t(`contacts.roles.${String(f.value)}`) : formatValue(f.value);

  const open = () => {
    setDraft(value.length ? value : [{ field: fields[0]!.value, op: 'eq', value: '' }]);
    setOpened(true);
  };
  const update = (i: number, patch: Partial<Filter>) =>
    setDraft((d) => d.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const apply = () => {
    onChange(draft.filter((f) => !needsValue(f.op) || (f.value !== '' && f.value !== undefined)));
    setOpened(false);
  };

  return (
    <Group gap="xs">
      <Popover opened={opened} onChange={setOpened} position="bottom-start" width={560} shadow="md">
        <Popover.Target>
          <Button
            variant={value.length ? 'light' : 'default'}
            leftSection={<IconFilter size={14} />}
            onClick={() => (opened ? setOpened(false) : open())}
          >
            {value.length ? t('filters.count', { count: value.length }) : t('filters.add')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            {draft.map((f, i) => {
              const field = fieldOf(f.field) ?? fields[0]!;
              const ops = opsFor(field.type);
              return (
                <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
                  <Select
                    aria-label={t('filters.field')}
                    w={170}
                    searchable
                    allowDeselect={false}
                    comboboxProps={INSIDE_POPOVER}
                    data={fields.map((o) => ({ value: o.value, label: label(o) }))}
                    value={f.field}
                    onChange={(v) => {
                      const next = fieldOf(v ?? '') ?? fields[0]!;
                      update(i, { field: next.value, op: opsFor(next.type)[0]!, value: '' });
                    }}
                  />
                  <Select
                    aria-label={t('filters.operator')}
                    w={150}
                    allowDeselect={false}
                    comboboxProps={INSIDE_POPOVER}
                    data={ops.map((op) => ({ value: op, label: t(`filters.ops.${op}`) }))}
                    value={ops.includes(f.op) ? f.op : ops[0]!}
                    onChange={(v) => update(i, { op: (v ?? 'eq') as FilterOp })}
                  />
                  {needsValue(f.op) ? (
                    <ValueInput type={field.type} value={f.value} onChange={(v) => update(i, { value: v })} />
                  ) : (
                    <div style={{ flex: 1 }} />
                  )}
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    mt={4}
                    aria-label={t('filters.remove')}
                    onClick={() => setDraft((d) => d.filter((_, j) => j !== i))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              );
            })}
            {draft.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('filters.none')}
              </Text>
            )}
            <Group justify="space-between">
              <Button
                variant="subtle"
                size="xs"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDraft((d) => [...d, { field: fields[0]!.value, op: 'eq', value: '' }])}
              >
                {t('filters.addCondition')}
              </Button>
              <Group gap="xs">
                <Button variant="default" size="xs" onClick={() => setDraft([])}>
                  {t('filters.clear')}
                </Button>
                <Button size="xs" onClick={apply}>
                  {t('filters.apply')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      {value.map((f, i) => {
        const field = fieldOf(f.field);
        return (
          <Badge
            key={i}
            variant="light"
            size="lg"
            tt="none"
            rightSection={
              <ActionIcon
                size="xs"
                variant="transparent"
                aria-label={t('filters.remove')}
                onClick={() => onChange(value.filter((_, j) => j !== i))}
              >
                <IconX size={12} />
              </ActionIcon>
            }
          >
            {field ? label(field) : f.field} {t(`filters.ops.${f.op}`)} {needsValue(f.op) ? shownValue(f, field) : ''}
          </Badge>
        );
      })}
    </Group>
  );
}

export function ValueInput({
  type,
  value,
  onChange,
}: {
  type: FieldOption['type'];
  value: Filter['value'];
  onChange: (v: Filter['value']) => void;
}) {
  const { t } = useTranslation();
  const common = { 'aria-label': t('filters.value'), style: { flex: 1 } };
  if (type === 'boolean' || type === 'role') {
    const data =
      type === 'role'
        ? [
            { value: 'user', label: t('contacts.roles.user') },
            { value: 'lead', label: t('contacts.roles.lead') },
          ]
        : [
            { value: 'true', label: t('common.yes') },
            { value: 'false', label: t('common.no') },
          ];
    return (
      <Select
        {...common}
        allowDeselect={false}
                    comboboxProps={INSIDE_POPOVER}
        data={data}
        value={value === undefined || value === null || value === '' ? null : String(value)}
        onChange={(v) => onChange(type === 'boolean' ? v === 'true' : (v ?? ''))}
      />
    );
  }
  return (
    <TextInput
      {...common}
      type={type === 'number' ? 'number' : type === 'date' ? 'date' : 'text'}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => {
        const raw = e.currentTarget.value;
        onChange(type === 'number' && raw !== '' ? Number(raw) : raw);
      }}
    />
  );
}
