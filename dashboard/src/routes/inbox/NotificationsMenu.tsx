import { ActionIcon, Indicator, Menu, Text } from '@mantine/core';
import { IconAt } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMarkNotificationsRead, useNotifications } from '../../api/inbox-tools.ts';
import { formatRelative } from '../../components/format.ts';

/** Mentions of the signed-in agent and finished QA reviews of their conversations, newest first; opening one marks it read. */
export function NotificationsMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const unread = list.data?.unread ?? 0;
  return (
    <Menu position="bottom-end" width={340} withinPortal>
      <Menu.Target>
        <Indicator disabled={unread === 0} label={unread} size={16} data-testid="mentions-unread" data-count={unread}>
          <ActionIcon variant="default" aria-label={t('inbox.mentions.title')} data-testid="mentions-button">
            <IconAt size={16} />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('inbox.mentions.title')}</Menu.Label>
        {list.data?.data.length === 0 && (
          <Text size="sm" c="dimmed" px="sm" py={4}>
            {t('inbox.mentions.empty')}
          </Text>
        )}
        {list.data?.data.map((n) => (
          <Menu.Item
            key={n.id}
            onClick={() => {
              if (!n.read_at) markRead.mutate([n.id]);
              navigate(n.kind === 'qa_review' ? '/qa/results' : `/inbox/${n.conversation_id}`);
            }}
            data-testid="mention-item"
          >
            <Text size="sm" fw={n.read_at ? 400 : 700}>
              {t(n.kind === 'qa_review' ? 'inbox.mentions.reviewed' : 'inbox.mentions.item', { name: n.actor_name })}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {n.excerpt} · {formatRelative(n.created_at)}
            </Text>
          </Menu.Item>
        ))}
        {unread > 0 && <Menu.Item onClick={() => markRead.mutate(undefined)}>{t('inbox.mentions.markAll')}</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}
