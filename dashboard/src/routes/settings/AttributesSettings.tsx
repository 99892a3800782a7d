import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, SegmentedControl, Select, Table, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAttributeDefinitions, useCreateAttribute, useDeleteAttribute } from '../../api/contacts.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import type { AttributeType } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SettingsTable } from '../../components/SettingsTable.tsx';
import { Section } from './Section.tsx';

const TYPES: AttributeType[] = ['string', 'number', 'boolean', 'date'];
type Target = 'contact' | 'company';

export default function AttributesSettings() {
  const { t } = useTranslation();
  const defs = useAttributeDefinitions();
  const create = useCreateAttribute();
  const remove = useDeleteAttribute();
  const [target, setTarget] = useState<Target>('contact');
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [type, setType] = useState<AttributeType>('string');
  const errors = fieldErrors(create.error);
  // Suggest a key from the label until the user types one of their own.
  const [keyTouched, setKeyTouched] = useState(false);
  const suggested = label.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 64);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { target, label, key: keyTouched ? key : suggested, type },
      {
        onSuccess: () => {
          setLabel('');
          setKey('');
          setKeyTouched(false);
        },
      },
    );
  };

  return (
    <Section title={t('attributes.title')} description={t('attributes.help')}>
      <SegmentedControl
        value={target}
        onChange={(v) => setTarget(v as Target)}
        data={[
          { value: 'contact', label: t('attributes.targets.contact') },
          { value: 'company', label: t('attributes.targets.company') },
        ]}
        w="fit-content"
      />
      <form onSubmit={submit}>
        <Group align="flex-start">
          <TextInput
            label={t('attributes.label')}
            required
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
            error={errors.label}
            style={{ flex: 1 }}
          />
          <TextInput
            label={t('attributes.key')}
            required
            value={keyTouched ? key : suggested}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.currentTarget.value);
            }}
            error={errors.key}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            style={{ flex: 1 }}
          />
          <Select
            label={t('attributes.type')}
            w={140}
            allowDeselect={false}
            data={TYPES.map((v) => ({ value: v, label: t(`attributes.types.${v}`) }))}
            value={type}
            onChange={(v) => v && setType(v as AttributeType)}
          />
          <Button type="submit" mt={25} loading={create.isPending}>
            {t('attributes.create')}
          </Button>
        </Group>
        {create.isError && Object.keys(errors).length === 0 && (
          <Text c="red" size="sm" mt="xs">
            {describeError(create.error, t).message}
          </Text>
        )}
      </form>
      <QueryState query={defs}>
        {(all) => (
          <SettingsTable
            items={all.filter((d) => d.target === target)}
            empty={t('attributes.empty')}
            head={
              <>
                <Table.Th>{t('attributes.label')}</Table.Th>
                <Table.Th>{t('attributes.key')}</Table.Th>
                <Table.Th>{t('attributes.type')}</Table.Th>
                <Table.Th w={60} />
              </>
            }
          >
            {(d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.label}</Table.Td>
                <Table.Td ff="monospace">{d.key}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`attributes.types.${d.type}`)}</Badge>
                </Table.Td>
                <Table.Td>
                  <ConfirmButton
                    icon={<IconTrash size={16} />}
                    label={t('common.delete')}
                    question={t('attributes.deleteConfirm', { label: d.label })}
                    onConfirm={() => remove.mutate(d.id)}
                  />
                </Table.Td>
              </Table.Tr>
            )}
          </SettingsTable>
        )}
      </QueryState>
    </Section>
  );
}
