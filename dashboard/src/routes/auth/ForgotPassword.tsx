import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRequestPasswordReset } from '../../api/auth.ts';
import { describeError } from '../../api/errors.ts';
import { AuthCard } from './AuthCard.tsx';

export default function ForgotPassword() {
  const { t } = useTranslation();
  const reset = useRequestPasswordReset();
  const [email, setEmail] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    reset.mutate(email);
  };

  return (
    <AuthCard title={t('auth.forgot.title')}>
      {reset.isSuccess ? (
        <Stack>
          <Alert color="green">{t('auth.forgot.sent', { email })}</Alert>
          <Anchor component={Link} to="/sign-in" size="sm">
            {t('auth.backToSignIn')}
          </Anchor>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm" c="dimmed">
              {t('auth.forgot.help')}
            </Text>
            {reset.isError && <Alert color="red">{describeError(reset.error, t).message}</Alert>}
            <TextInput
              label={t('auth.email')}
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <Button type="submit" loading={reset.isPending}>
              {t('auth.forgot.submit')}
            </Button>
            <Anchor component={Link} to="/sign-in" size="sm" ta="center">
              {t('auth.backToSignIn')}
            </Anchor>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
