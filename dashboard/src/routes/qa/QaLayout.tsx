import { Suspense } from 'react';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useSignedInMe } from '../../api/auth.ts';
import { isManager } from '../../commands/registry.ts';
import { PageLoader } from '../../components/PageLoader.tsx';

const TABS = [
  { path: '/qa', label: 'qa.tabs.queue' },
  { path: '/qa/results', label: 'qa.tabs.results' },
  { path: '/qa/calibration', label: 'qa.tabs.calibration', managersOnly: true },
  { path: '/qa/scorecards', label: 'qa.tabs.scorecards', managersOnly: true },
];

/** Quality assurance: the reviewer's queue, results and trends, calibration and scorecards. */
export default function QaLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const manager = isManager(useSignedInMe().role);
  const tabs = TABS.filter((tab) => manager || !tab.managersOnly);
  const active = [...tabs].reverse().find((tab) => location.pathname.startsWith(tab.path))?.path ?? '/qa';
  return (
    <Stack>
      <div>
        <Title order={2}>{t('qa.title')}</Title>
        <Text c="dimmed" size="sm">
          {t('qa.intro')}
        </Text>
      </div>
      <Tabs value={active} onChange={(v) => v && navigate(v)}>
        <Tabs.List>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.path} value={tab.path}>
              {t(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Suspense fallback={<PageLoader />}>
        <Outlet />
      </Suspense>
    </Stack>
  );
}
