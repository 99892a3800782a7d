import { Suspense } from 'react';
import { Grid, NavLink, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSignedInMe } from '../../api/auth.ts';
import { isManager } from '../../commands/registry.ts';
import { PageLoader } from '../../components/PageLoader.tsx';

const SECTIONS = ['team', 'teams', 'routing', 'saved-replies', 'tags', 'api-keys', 'install', 'identity', 'webhooks', 'mailbox', 'attributes', 'signals', 'replay', 'account'] as const;
/** Sections that hold secrets or outgoing data: the server answers them for owners and admins only. */
const MANAGERS_ONLY = new Set<string>(['api-keys', 'install', 'identity', 'webhooks', 'mailbox', 'signals', 'replay']);
const LABELS: Record<(typeof SECTIONS)[number], string> = {
  team: 'settings.nav.team',
  teams: 'settings.nav.teams',
  routing: 'settings.nav.routing',
  'saved-replies': 'settings.nav.savedReplies',
  tags: 'settings.nav.tags',
  'api-keys': 'settings.nav.apiKeys',
  install: 'settings.nav.install',
  identity: 'settings.nav.identity',
  webhooks: 'settings.nav.webhooks',
  mailbox: 'settings.nav.mailbox',
  attributes: 'settings.nav.attributes',
  signals: 'settings.nav.signals',
  replay: 'settings.nav.replay',
  account: 'settings.nav.account',
};

export default function SettingsLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const manager = isManager(useSignedInMe().role);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, sm: 3, lg: 2 }}>
        <Paper withBorder p={4}>
          {SECTIONS.filter((s) => manager || !MANAGERS_ONLY.has(s)).map((s) => (
            <NavLink
              key={s}
              label={t(LABELS[s])}
              active={location.pathname.startsWith(`/settings/${s}`)}
              onClick={() => navigate(`/settings/${s}`)}
            />
          ))}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, sm: 9, lg: 10 }}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </Grid.Col>
    </Grid>
  );
}
