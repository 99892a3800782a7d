import { Badge, Button, Menu, Text } from '@mantine/core';
import { IconCheck, IconSelector } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useSignedInMe, useSwitchWorkspace } from '../api/auth.ts';

export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const switchWorkspace = useSwitchWorkspace();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-start" width={260}>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          rightSection={<IconSelector size={14} />}
          loading={switchWorkspace.isPending}
          aria-label={t('workspace.switch')}
        >
          <Text fw={600} truncate maw={180}>
            {me.workspace.name}
          </Text>
          {me.workspace.isDemo && (
            <Badge ml={6} size="xs" color="yellow">
              {t('workspace.demo')}
            </Badge>
          )}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('workspace.switch')}</Menu.Label>
        {me.workspaces.map((w) => (
          <Menu.Item
            key={w.id}
            rightSection={w.id === me.workspace.id ? <IconCheck size={14} /> : <Text size="xs" c="dimmed">{t(`roles.${w.role}`)}</Text>}
            onClick={() =>
              w.id !== me.workspace.id && switchWorkspace.mutate(w.id, { onSuccess: () => navigate('/contacts') })
            }
          >
            {w.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
