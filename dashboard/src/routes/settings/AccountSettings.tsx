import { useState, type FormEvent } from 'react';
import { Alert, Button, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useChangePassword, useSignedInMe } from '../../api/auth.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useUpdateWorkspace, useWorkspace } from '../../api/settings.ts';
import { LOCALES } from '../../i18n/index.ts';
import { MIN_PASSWORD } from '../auth/ResetPassword.tsx';
import { Section } from './Section.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';
import DigestSettings from '../insights/DigestSettings.tsx';

export default function AccountSettings() {
  const me = useSignedInMe();
  return (
    <Stack>
      <ChangePassword />
      {(me.role === 'owner' || me.role === 'admin') && <WorkspaceName />}
      {(me.role === 'owner' || me.role === 'admin') && <DigestSettings />}
    </Stack>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const errors = fieldErrors(change.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrent('');
          setNew('');
          notifications.show({ color: 'green', message: t('account.passwordChanged') });
        },
      },
    );
  };

  return (
    <Section title={t('account.passwordTitle')} description={t('account.passwordHelp')}>
      <form onSubmit={submit}>
        <Stack maw={420}>
          {change.isError && Object.keys(errors).length === 0 && (
            <Alert color="red">{describeError(change.error, t).message}</Alert>
          )}
          <PasswordField
            label={t('auth.currentPassword')}
            autoComplete="current-password"
            required
            value={currentPassword}
            error={errors.currentPassword}
            onChange={(e) => setCurrent(e.currentTarget.value)}
          />
          <PasswordField
            label={t('auth.newPassword')}
            description={t('auth.passwordRule', { count: MIN_PASSWORD })}
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            value={newPassword}
            error={errors.newPassword}
            onChange={(e) => setNew(e.currentTarget.value)}
          />
          <Button type="submit" loading={change.isPending} w="fit-content">
            {t('account.changePassword')}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

function WorkspaceName() {
  const { t } = useTranslation();
  const me = useSignedInMe();
  const workspace = useWorkspace();
  const update = useUpdateWorkspace();
  const [name, setName] = useState(me.workspace.name);
  const [locale, setLocale] = useState<string | null>(null);
  const defaultLocale = locale ?? workspace.data?.defaultLocale ?? null;
  return (
    <Section title={t('account.workspaceTitle')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          update.mutate({ name, ...(defaultLocale ? { defaultLocale } : {}) }, {
            onSuccess: () => notifications.show({ color: 'green', message: t('account.saved') }),
          });
        }}
      >
        <Stack maw={420}>
          <TextInput label={t('account.workspaceName')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Select
            label={t('account.defaultLocale')}
            description={t('account.defaultLocaleHelp')}
            allowDeselect={false}
            data={LOCALES.map((l) => ({ value: l.code, label: l.label }))}
            value={defaultLocale}
            onChange={setLocale}
            disabled={workspace.isPending}
          />
          <Button type="submit" loading={update.isPending} w="fit-content">
            {t('common.save')}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}
