import { Code, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useEmailChannel } from '../../api/email.ts';
import { useWorkspace } from '../../api/settings.ts';
import { CopyField, CopyIcon } from '../../components/CopyField.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { Section } from './Section.tsx';

function Snippet({ code }: { code: string }) {
  return (
    <div style={{ position: 'relative' }}>
      <Code block fz="xs" pr={40}>
        {code}
      </Code>
      <div style={{ position: 'absolute', top: 6, right: 6 }}>
        <CopyIcon value={code} />
      </div>
    </div>
  );
}

/** Where the team forwards its support mail, and how inbound mail reaches Baton. */
function EmailChannel() {
  const { t } = useTranslation();
  const channel = useEmailChannel();
  return (
    <QueryState query={channel}>
      {(c) => (
        <Stack gap="xs">
          <CopyField label={t('install.emailAddress')} value={c.address} testId="support-address" />
          <Text size="sm" c="dimmed">
            {t('install.emailHelp', { minutes: c.offline_reply_minutes })}
          </Text>
          <Text size="sm" c="dimmed" data-testid="inbound-status">
            {c.smtp_receiver_port !== null ? t('install.emailReceiver', { port: c.smtp_receiver_port }) : t('install.emailReceiverOff')}{' '}
            {c.hook_enabled ? t('install.emailHook') : t('install.emailHookOff')}
          </Text>
        </Stack>
      )}
    </QueryState>
  );
}

export default function InstallSettings() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const origin = window.location.origin;
  return (
    <Section title={t('install.title')} description={t('install.help')}>
      <QueryState query={workspace}>
        {(ws) => (
          <Stack>
            <CopyField label={t('install.writeKey')} value={ws.writeKey} testId="write-key" />
            <Text size="sm" c="dimmed">
              {t('install.writeKeyHelp')}
            </Text>
            <Tabs defaultValue="script">
              <Tabs.List>
                <Tabs.Tab value="script">{t('install.scriptTab')}</Tabs.Tab>
                <Tabs.Tab value="segment">{t('install.segmentTab')}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="script" pt="sm">
                <Stack gap="xs">
                  <Text size="sm">{t('install.scriptHelp')}</Text>
                  <Snippet code={`<script src="${origin}/widget.js" data-app-id="${ws.writeKey}" async></script>`} />
                </Stack>
              </Tabs.Panel>
              <Tabs.Panel value="segment" pt="sm">
                <Stack gap="xs">
                  <Text size="sm">{t('install.segmentHelp')}</Text>
                  <Snippet
                    code={[
                      `import { Analytics } from '@segment/analytics-node';`,
                      ``,
                      `const analytics = new Analytics({`,
                      `  writeKey: '${ws.writeKey}',`,
                      `  host: '${origin}',`,
                      `});`,
                      ``,
                      `analytics.identify({ userId: 'user-42', traits: { email: 'ada@example.com', name: 'Ada' } });`,
                      `analytics.track({ userId: 'user-42', event: 'Project Created', properties: { plan: 'pro' } });`,
                    ].join('\n')}
                  />
                </Stack>
              </Tabs.Panel>
            </Tabs>
            <EmailChannel />
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}
