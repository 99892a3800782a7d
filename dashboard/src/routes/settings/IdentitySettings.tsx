import { useState } from 'react';
import { Alert, Code, Group, Stack, Switch, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useRotateIdentitySecret, useUpdateWorkspace, useWorkspace } from '../../api/settings.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { CopyIcon } from '../../components/CopyField.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { Section } from './Section.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';

export default function IdentitySettings() {
  const { t } = useTranslation();
  const workspace = useWorkspace();
  const rotate = useRotateIdentitySecret();
  const update = useUpdateWorkspace();
  const [revealed, setRevealed] = useState(false);

  return (
    <Section title={t('identity.title')} description={t('identity.help')}>
      <QueryState query={workspace}>
        {(ws) => (
          <Stack>
            <Group align="flex-end" wrap="nowrap">
              <PasswordField
                label={t('identity.secret')}
                value={ws.identitySecret}
                readOnly
                visible={revealed}
                onVisibilityChange={setRevealed}
                style={{ flex: 1 }}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                data-testid="identity-secret"
              />
              <CopyIcon value={ws.identitySecret} />
              <ConfirmButton
                label={t('identity.rotate')}
                question={t('identity.rotateConfirm')}
                loading={rotate.isPending}
                onConfirm={() => rotate.mutate(undefined)}
              />
            </Group>
            <Text size="sm" c="dimmed">
              {t('identity.howTo')}
            </Text>
            <Code block fz="xs">
              {`// Node.js, on your server\nimport { createHmac } from 'node:crypto';\nconst user_hash = createHmac('sha256', IDENTITY_SECRET).update(user.id).digest('hex');`}
            </Code>
            <Switch
              label={t('identity.enforce')}
              description={t('identity.enforceHelp')}
              checked={ws.identityVerificationEnforced}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ identityVerificationEnforced: e.currentTarget.checked })}
            />
            {ws.identityVerificationEnforced && (
              <Alert color="blue" icon={<IconShieldCheck size={16} />}>
                {t('identity.enforced')}
              </Alert>
            )}
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}
