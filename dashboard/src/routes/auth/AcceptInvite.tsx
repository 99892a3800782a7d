import { useState, type FormEvent } from 'react';
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useAcceptInvite, useInvitePreview } from '../../api/auth.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { AuthCard } from './AuthCard.tsx';
import { MIN_PASSWORD } from './ResetPassword.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';

export default function AcceptInvite() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const accept = useAcceptInvite();
  // Once accepted the invitation is used up: asking for it again would only get a 404.
  const preview = useInvitePreview(token, !accept.isSuccess);
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  if (!token) {
    return (
      <AuthCard title={t('auth.invite.title')}>
        <Alert color="red">{t('auth.invite.missingToken')}</Alert>
      </AuthCard>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const existing = preview.data?.existingAccount ?? false;
    accept.mutate(
      { token, password, ...(existing ? {} : { name }) },
      { onSuccess: () => navigate('/contacts', { replace: true }) },
    );
  };
  const errors = fieldErrors(accept.error);

  return (
    <AuthCard title={t('auth.invite.title')}>
      <QueryState query={preview}>
        {(invite) => (
          <form onSubmit={submit}>
            <Stack>
              <Text size="sm">
                {t('auth.invite.intro', { workspace: invite.workspaceName, role: t(`roles.${invite.role}`) })}
              </Text>
              {accept.isError && <Alert color="red">{describeError(accept.error, t).message}</Alert>}
              <TextInput label={t('auth.email')} value={invite.email} readOnly />
              {invite.existingAccount ? (
                <Text size="sm" c="dimmed">
                  {t('auth.invite.existingAccount')}
                </Text>
              ) : (
                <TextInput
                  label={t('auth.name')}
                  required
                  value={name}
                  error={errors.name}
                  onChange={(e) => setName(e.currentTarget.value)}
                />
              )}
              <PasswordField
                label={invite.existingAccount ? t('auth.currentPassword') : t('auth.password')}
                description={invite.existingAccount ? undefined : t('auth.passwordRule', { count: MIN_PASSWORD })}
                autoComplete={invite.existingAccount ? 'current-password' : 'new-password'}
                required
                minLength={invite.existingAccount ? undefined : MIN_PASSWORD}
                value={password}
                error={errors.password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={accept.isPending}>
                {t('auth.invite.submit')}
              </Button>
            </Stack>
          </form>
        )}
      </QueryState>
    </AuthCard>
  );
}
