import { useState } from 'react';
import { ActionIcon, Button, Group, Modal, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useAttributeDefinitions, useUpdateContact } from '../../api/contacts.ts';
import type { Attributes, Contact } from '../../api/types.ts';
import { ValueInput } from '../../components/FilterBuilder.tsx';
import { describeError } from '../../api/errors.ts';
import type { FieldOption } from './fields.ts';

const DETAILS = ['name', 'email', 'phone', 'locale', 'timezone'] as const;
type Details = Record<(typeof DETAILS)[number], string>;

/** An attribute's editor type: its definition's, else what the stored value is. */
function typeOf(value: unknown, defined: FieldOption['type'] | undefined): FieldOption['type'] {
  if (defined) return defined;
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

/** Edits a contact's details and custom attributes; only what changed is sent. */
export function EditContactButton({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button variant="default" size="xs" leftSection={<IconPencil size={14} />} onClick={() => setOpened(true)}>
        {t('contacts.edit.open')}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('contacts.edit.title')} size="lg">
        {opened && <EditContactForm contact={contact} onDone={() => setOpened(false)} />}
      </Modal>
    </>
  );
}

function EditContactForm({ contact, onDone }: { contact: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateContact(contact.id);
  const defs = useAttributeDefinitions();
  const definitions = new Map((defs.data ?? []).filter((d) => d.target === 'contact').map((d) => [d.key, d]));
  const [details, setDetails] = useState<Details>(
    Object.fromEntries(DETAILS.map((k) => [k, contact[k] ?? ''])) as Details,
  );
  const [attributes, setAttributes] = useState<[string, unknown][]>(Object.entries(contact.attributes));
  const problems = update.error instanceof ApiError ? update.error.errors : [];
  const problemOf = (field: string) => problems.find((p) => p.field === field || p.field === `body.${field}`)?.message;

  const submit = () => {
    const patch: Record<string, unknown> = {};
    for (const k of DETAILS) {
      const value = details[k].trim() || null;
      if (value !== (contact[k] ?? null)) patch[k] = value;
    }
    const next: Attributes = {};
    const kept = new Set<string>();
    for (const [key, value] of attributes) {
      if (!key.trim()) continue;
      kept.add(key.trim());
      if (JSON.stringify(contact.attributes[key.trim()]) !== JSON.stringify(value)) next[key.trim()] = value;
    }
    for (const key of Object.keys(contact.attributes)) if (!kept.has(key)) next[key] = null;
    if (Object.keys(next).length) patch.attributes = next;
    if (Object.keys(patch).length === 0) return onDone();
    update.mutate(patch, { onSuccess: onDone });
  };

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {DETAILS.map((k) => (
          <TextInput
            key={k}
            label={t(`contacts.fields.${k}`)}
            value={details[k]}
            error={problemOf(k)}
            onChange={(e) => setDetails({ ...details, [k]: e.currentTarget.value })}
          />
        ))}
      </SimpleGrid>
      <Title order={4} size="h6">
        {t('contacts.attributes')}
      </Title>
      {attributes.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('contacts.noAttributes')}
        </Text>
      )}
      {attributes.map(([key, value], i) => {
        const type = typeOf(value, definitions.get(key)?.type);
        // A date input holds the day only; an untouched value keeps its full timestamp.
        const shown = type === 'date' && typeof value === 'string' ? value.slice(0, 10) : value;
        const set = (entry: [string, unknown]) => setAttributes((list) => list.map((e, j) => (j === i ? entry : e)));
        return (
          <Group key={i} gap="xs" wrap="nowrap" align="flex-start" data-testid="attribute-row">
            <TextInput
              aria-label={t('contacts.edit.key')}
              placeholder={t('contacts.edit.key')}
              w={200}
              value={key}
              error={problemOf(`attributes.${key}`)}
              onChange={(e) => set([e.currentTarget.value, value])}
            />
            <ValueInput
              type={type}
              value={shown === null || shown === undefined ? '' : (shown as string | number | boolean)}
              onChange={(v) => set([key, v])}
            />
            <ActionIcon variant="subtle" color="gray" mt={4} aria-label={t('contacts.edit.removeAttribute')} onClick={() => setAttributes((l) => l.filter((_, j) => j !== i))}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group justify="space-between">
        <Button variant="subtle" size="xs" leftSection={<IconPlus size={14} />} onClick={() => setAttributes((l) => [...l, ['', '']])}>
          {t('contacts.edit.addAttribute')}
        </Button>
        <Group gap="xs">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button onClick={submit} loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Group>
      {update.isError && problems.length === 0 && (
        <Text size="sm" c="red">
          {describeError(update.error, t).message}
        </Text>
      )}
    </Stack>
  );
}
