import { Badge, Button } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desktopSupported } from './desktop-notify.ts';

/** Asks for the Notification permission only when the agent presses it, never on load. */
export function DesktopNotifyButton() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState(desktopSupported() ? Notification.permission : 'denied');
  if (!desktopSupported()) return null;
  if (permission === 'granted') {
    return (
      <Badge variant="light" color="green" leftSection={<IconBell size={12} />} data-testid="desktop-notify-on">
        {t('inbox.desktop.on')}
      </Badge>
    );
  }
  if (permission === 'denied') {
    return (
      <Badge variant="light" color="gray" title={t('inbox.desktop.blockedHelp')}>
        {t('inbox.desktop.blocked')}
      </Badge>
    );
  }
  return (
    <Button size="compact-xs" variant="light" leftSection={<IconBell size={14} />} onClick={() => void Notification.requestPermission().then(setPermission)} data-testid="desktop-notify">
      {t('inbox.desktop.enable')}
    </Button>
  );
}
