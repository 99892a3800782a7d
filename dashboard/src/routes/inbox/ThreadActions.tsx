import { Badge, Button, CloseButton, Combobox, Group, Menu, Select, TextInput, useCombobox } from '@mantine/core';
import { IconClock, IconTag } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConversationTag, useCreateTag, useTags, usePresence } from '../../api/inbox-tools.ts';
import { useUpdateConversation } from '../../api/inbox.ts';
import { useTeam } from '../../api/settings.ts';
import type { Conversation } from '../../api/types.ts';

/** Tag badges with remove buttons, and a picker that also creates a tag from what was typed. */
export function TagsBar({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const tags = useTags();
  const toggle = useConversationTag(c.id);
  const create = useCreateTag();
  const [search, setSearch] = useState('');
  const combobox = useCombobox({ onDropdownClose: () => setSearch('') });
  const all = tags.data ?? [];
  const free = all.filter((tag) => !c.tag_ids.includes(tag.id) && tag.name.toLowerCase().includes(search.toLowerCase()));
  const exact = all.some((tag) => tag.name.toLowerCase() === search.trim().toLowerCase());
  const add = async (value: string) => {
    if (value === '__create') {
      const tag = await create.mutateAsync({ name: search.trim() });
      toggle.mutate({ tagId: tag.id, on: true });
    } else toggle.mutate({ tagId: value, on: true });
    combobox.closeDropdown();
  };
  return (
    <Group gap={4} data-testid="thread-tags">
      {c.tag_ids.map((id) => {
        const tag = all.find((x) => x.id === id);
        if (!tag) return null;
        return (
          <Badge key={id} variant="light" color={tag.color} tt="none" data-testid="thread-tag" rightSection={<CloseButton size="xs" aria-label={t('inbox.tags.remove', { name: tag.name })} onClick={() => toggle.mutate({ tagId: id, on: false })} />}>
            {tag.name}
          </Badge>
        );
      })}
      <Combobox store={combobox} onOptionSubmit={(v) => void add(v)} width={220} withinPortal>
        <Combobox.Target>
          <Button size="compact-xs" variant="subtle" leftSection={<IconTag size={12} />} onClick={() => combobox.toggleDropdown()} data-testid="thread-tag-add">
            {t('inbox.tags.add')}
          </Button>
        </Combobox.Target>
        <Combobox.Dropdown>
          <Combobox.Search value={search} onChange={(e) => setSearch(e.currentTarget.value)} placeholder={t('inbox.tags.searchOrCreate')} data-testid="thread-tag-search" />
          <Combobox.Options>
            {free.map((tag) => (
              <Combobox.Option value={tag.id} key={tag.id}>
                {tag.name}
              </Combobox.Option>
            ))}
            {search.trim() && !exact && <Combobox.Option value="__create">{t('inbox.tags.create', { name: search.trim() })}</Combobox.Option>}
            {free.length === 0 && !search.trim() && <Combobox.Empty>{t('inbox.tags.none')}</Combobox.Empty>}
          </Combobox.Options>
        </Combobox.Dropdown>
      </Combobox>
    </Group>
  );
}

/** Later today, tomorrow morning, next Monday, or a time of the agent's choosing. */
function snoozeTimes(now = new Date()) {
  const inHours = (h: number) => new Date(now.getTime() + h * 3600_000);
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  const monday = new Date(now);
  monday.setDate(now.getDate() + ((8 - now.getDay()) % 7 || 7));
  monday.setHours(9, 0, 0, 0);
  return { oneHour: inHours(1), fourHours: inHours(4), tomorrow, nextWeek: monday };
}

export function SnoozeMenu({ conversation: c, opened, onChange }: { conversation: Conversation; opened: boolean; onChange: (o: boolean) => void }) {
  const { t } = useTranslation();
  const update = useUpdateConversation(c.id);
  const [custom, setCustom] = useState('');
  const snooze = (until: Date) => {
    update.mutate({ state: 'snoozed', snoozed_until: until.toISOString() });
    onChange(false);
  };
  return (
    <Menu opened={opened} onChange={onChange} position="bottom-end" withinPortal closeOnItemClick={false}>
      <Menu.Target>
        <Button size="xs" variant="default" leftSection={<IconClock size={14} />} data-testid="thread-snooze">
          {t('inbox.snooze.button')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {Object.entries(snoozeTimes()).map(([key, at]) => (
          <Menu.Item key={key} onClick={() => snooze(at)} data-testid={`snooze-${key}`}>
            {t(`inbox.snooze.${key}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Group gap={4} p={4} wrap="nowrap">
          <TextInput size="xs" type="datetime-local" aria-label={t('inbox.snooze.until')} value={custom} onChange={(e) => setCustom(e.currentTarget.value)} data-testid="snooze-custom" />
          <Button size="xs" disabled={!custom || new Date(custom).getTime() <= Date.now()} onClick={() => snooze(new Date(custom))} data-testid="snooze-custom-apply">
            {t('inbox.snooze.apply')}
          </Button>
        </Group>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Assign to any teammate, each shown with their presence. */
export function AssigneeSelect({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const update = useUpdateConversation(c.id);
  const team = useTeam();
  const presence = usePresence();
  return (
    <Select
      size="xs"
      w={170}
      clearable
      placeholder={t('inbox.assignee')}
      aria-label={t('inbox.assignee')}
      value={c.assignee_id}
      onChange={(assignee_id) => update.mutate({ assignee_id })}
      data={(team.data?.members ?? []).map((m) => {
        const status = presence.data?.find((p) => p.agent_id === m.agentId)?.status ?? 'offline';
        return { value: m.agentId, label: `${m.name} · ${t(`inbox.presence.${status}`)}` };
      })}
      data-testid="thread-assignee"
    />
  );
}
