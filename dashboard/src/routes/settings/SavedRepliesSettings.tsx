import { useState, type FormEvent } from 'react';
import { Button, Code, Group, Stack, Table, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useCreateSavedReply, useDeleteSavedReply, useSavedReplies, useUpdateSavedReply } from '../../api/inbox-tools.ts';
import type { SavedReply } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { SettingsTable } from '../../components/SettingsTable.tsx';
import { Section } from './Section.tsx';

const LOCALES = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'] as const;
const VARIABLES = ['contact.first_name', 'contact.name', 'contact.email', 'company.name', 'company.plan', 'agent.name', 'agent.first_name', 'workspace.name'];

/** Saved replies (macros): a default text, optional versions per contact locale, variables with fallbacks. */
export default function SavedRepliesSettings() {
  const { t } = useTranslation();
  const replies = useSavedReplies();
  const remove = useDeleteSavedReply();
  const [editing, setEditing] = useState<SavedReply | 'new' | null>(null);
  return (
    <Section
      title={t('savedReplies.title')}
      description={t('savedReplies.help')}
      actions={
        <Button size="xs" onClick={() => setEditing('new')} data-testid="saved-reply-new">
          {t('savedReplies.new')}
        </Button>
      }
    >
      <Text size="xs" c="dimmed">
        {t('savedReplies.variables')} {VARIABLES.map((v) => <Code key={v} mr={4}>{`{{${v}}}`}</Code>)} · <Code>{'{{contact.first_name | fallback: "there"}}'}</Code>
      </Text>
      {editing && <ReplyForm key={editing === 'new' ? 'new' : editing.id} reply={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      <QueryState query={replies}>
        {(list) => (
          <SettingsTable items={list} empty={t('savedReplies.empty')}>
            {(r) => (
              <Table.Tr key={r.id} data-testid="saved-reply-row">
                <Table.Td w="25%">
                  <Button variant="subtle" size="compact-sm" onClick={() => setEditing(r)}>
                    {r.name}
                  </Button>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {r.body}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {Object.keys(r.translations).join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td w={60}>
                  <ConfirmButton icon={<IconTrash size={16} />} label={t('common.delete')} question={t('savedReplies.deleteConfirm', { name: r.name })} onConfirm={() => remove.mutate(r.id)} />
                </Table.Td>
              </Table.Tr>
            )}
          </SettingsTable>
        )}
      </QueryState>
    </Section>
  );
}

function ReplyForm({ reply, onDone }: { reply: SavedReply | null; onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateSavedReply();
  const update = useUpdateSavedReply();
  const [name, setName] = useState(reply?.name ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const [translations, setTranslations] = useState<Record<string, string>>(reply?.translations ?? {});
  const action = reply ? update : create;
  const errors = fieldErrors(action.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = { name, body, translations: Object.fromEntries(Object.entries(translations).filter(([, text]) => text.trim())) };
    if (reply) update.mutate({ id: reply.id, ...v }, { onSuccess: onDone });
    else create.mutate(v, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} data-testid="saved-reply-form">
      <Stack gap="xs">
        <TextInput label={t('savedReplies.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="saved-reply-name" />
        <Tabs defaultValue="default">
          <Tabs.List>
            <Tabs.Tab value="default">{t('savedReplies.default')}</Tabs.Tab>
            {LOCALES.map((l) => (
              <Tabs.Tab key={l} value={l}>
                {t(`savedReplies.locales.${l}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="default" pt="xs">
            <Textarea autosize minRows={3} required value={body} onChange={(e) => setBody(e.currentTarget.value)} error={errors.body} aria-label={t('savedReplies.default')} data-testid="saved-reply-body" />
          </Tabs.Panel>
          {LOCALES.map((l) => (
            <Tabs.Panel key={l} value={l} pt="xs">
              <Textarea
                autosize
                minRows={3}
                value={translations[l] ?? ''}
                placeholder={t('savedReplies.translationPlaceholder')}
                onChange={(e) => setTranslations({ ...translations, [l]: e.currentTarget.value })}
                error={errors[`translations.${l}`]}
                aria-label={t(`savedReplies.locales.${l}`)}
              />
            </Tabs.Panel>
          ))}
        </Tabs>
        {action.isError && !Object.keys(errors).length && <Text c="red" size="sm">{describeError(action.error, t).message}</Text>}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={action.isPending} data-testid="saved-reply-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
