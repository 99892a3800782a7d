import { ActionIcon, AppShell, Box, Avatar, Burger, Button, Group, Kbd, Menu, NavLink, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { IconCommand, IconMoonStars, IconUserCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSignedInMe } from '../api/auth.ts';
import { commands, findCommand, formatShortcut } from '../commands/registry.ts';
import { CommandsProvider, useCommands } from '../commands/CommandsProvider.tsx';
import { LanguageSwitcher } from './LanguageSwitcher.tsx';
import { PageLoader } from './PageLoader.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useWarmScreens } from '../routes/screens.ts';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.tsx';

export function AppLayout() {
  return (
    <CommandsProvider>
      <Shell />
    </CommandsProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  useWarmScreens();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const { run } = useCommands();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            <Text fw={800} size="lg" c="indigo" visibleFrom="xs">
              Baton
            </Text>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <PaletteButton />
            <Box visibleFrom="sm">
              <LanguageSwitcher />
            </Box>
            <Tooltip label={t(findCommand('ui.colorScheme').label)}>
              <ActionIcon variant="default" size="lg" onClick={() => run('ui.colorScheme')} aria-label={t('commands.toggleColorScheme')}>
                <IconMoonStars size={16} />
              </ActionIcon>
            </Tooltip>
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        {commands
          .filter((c) => c.path)
          .map((c) => (
            <NavLink
              key={c.id}
              label={t(c.label)}
              leftSection={<c.icon size={18} stroke={1.6} />}
              active={location.pathname.startsWith(c.path!)}
              onClick={() => {
                close();
                run(c.id);
              }}
              data-testid={`nav-${c.id}`}
            />
          ))}
        {/* On phones the header has no room for it. */}
        <Box hiddenFrom="sm" mt="md" px="xs">
          <LanguageSwitcher />
        </Box>
      </AppShell.Navbar>
      <AppShell.Main>
        {/* The shell stays put while the next screen's code loads. */}
        <ErrorBoundary key={location.pathname}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </ErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}

function PaletteButton() {
  const { t } = useTranslation();
  const { openPalette } = useCommands();
  return (
    <Button
      variant="default"
      leftSection={<IconCommand size={14} />}
      rightSection={<Kbd size="xs">{formatShortcut('mod+K')}</Kbd>}
      onClick={openPalette}
      visibleFrom="md"
      size="xs"
    >
      {t('commands.open')}
    </Button>
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const navigate = useNavigate();
  const { run } = useCommands();
  const signOut = findCommand('auth.signOut');
  return (
    <Menu position="bottom-end" width={240}>
      <Menu.Target>
        <ActionIcon variant="subtle" size="lg" radius="xl" aria-label={t('nav.account')}>
          <Avatar size={30} color="indigo" name={me.agent.name || me.agent.email} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="sm" fw={600} c="var(--mantine-color-text)">
            {me.agent.name}
          </Text>
          <Text size="xs">{me.agent.email}</Text>
          <Text size="xs">{t(`roles.${me.role}`)}</Text>
        </Menu.Label>
        <Menu.Item leftSection={<IconUserCircle size={14} />} onClick={() => navigate('/settings/account')}>
          {t('settings.nav.account')}
        </Menu.Item>
        <Menu.Item leftSection={<signOut.icon size={14} />} onClick={() => run(signOut.id)} data-testid="sign-out">
          {t(signOut.label)}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
