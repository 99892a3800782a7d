import { useState, type FormEvent } from 'react';
import { Badge, Button, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCreateTag, useDeleteTag, useTags } from '../../api/inbox-tools.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { Section } from './Section.tsx';

const COLORS = ['gray', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'indigo', 'grape', 'pink'];

/** The workspace's conversation tags. */
export default function TagsSettings() {
  const { t } = useTranslation();
  const tags = useTags();
  const create = useCreateTag();
  const remove = useDeleteTag();
  const [name, setName] = useState('');
  const [color, setColor] = useState('gray');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name, color }, { onSuccess: () => setName('') });
  };
  return (
    <Section title={t('tags.title')} description={t('tags.help')}>
      <form onSubmit={submit}>
        <Group align="flex-end">
          <TextInput
            label={t('tags.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldErrors(create.error).name ?? (create.isError ? describeError(create.error, t).message : undefined)}
            style={{ flex: 1 }}
          />
          <Select label={t('tags.color')} w={140} value={color} onChange={(v) => setColor(v ?? 'gray')} data={COLORS.map((c) => ({ value: c, label: t(`tags.colors.${c}`) }))} />
          <Button type="submit" loading={create.isPending}>
            {t('tags.create')}
          </Button>
        </Group>
      </form>
      <QueryState query={tags}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('tags.empty')}
            </Text>
          ) : (
            <Table>
              <Table.Tbody>
                {list.map((tag) => (
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
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Section>
  );
}
