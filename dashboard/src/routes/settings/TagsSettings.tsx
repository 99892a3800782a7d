import { useState } from 'react';
import { Badge, Select, Table, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCreateTag, useDeleteTag, useTags } from '../../api/inbox-tools.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CreateByNameForm } from '../../components/CreateByNameForm.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SettingsTable } from '../../components/SettingsTable.tsx';
import { Section } from './Section.tsx';

const COLORS = ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'grape', 'pink'];

/** The workspace's conversation tags. */
export default function TagsSettings() {
  const { t } = useTranslation();
  const tags = useTags();
  const create = useCreateTag();
  const remove = useDeleteTag();
  const [color, setColor] = useState('gray');
  return (
    <Section title={t('tags.title')} description={t('tags.help')}>
      <CreateByNameForm label={t('tags.name')} submitLabel={t('tags.create')} mutation={create} onCreate={(name, clear) => create.mutate({ name, color }, { onSuccess: clear })}>
        <Select label={t('tags.color')} w={140} value={color} onChange={(v) => setColor(v ?? 'gray')} data={COLORS.map((c) => ({ value: c, label: t(`tags.colors.${c}`) }))} />
      </CreateByNameForm>
      <QueryState query={tags}>
        {(list) => (
          <SettingsTable items={list} empty={t('tags.empty')}>
            {(tag) => (
              <Table.Tr key={tag.id}>
                <Table.Td>
                  <Badge color={tag.color} variant="light" tt="none">
                    {tag.name}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {t('tags.count', { count: tag.conversation_count })}
                  </Text>
                </Table.Td>
                <Table.Td w={60}>
                  <ConfirmButton icon={<IconTrash size={16} />} label={t('common.delete')} question={t('tags.deleteConfirm', { name: tag.name })} onConfirm={() => remove.mutate(tag.id)} />
                </Table.Td>
              </Table.Tr>
            )}
          </SettingsTable>
        )}
      </QueryState>
    </Section>
  );
}
