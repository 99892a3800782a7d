import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useConfirmPasswordReset } from '../../api/auth.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { AuthCard } from './AuthCard.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';

/** Mirrors MIN_PASSWORD_LENGTH of contracts/auth.ts; the server enforces it and names the field otherwise. */
export const MIN_PASSWORD = 10;

export default function ResetPassword() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const confirm = useConfirmPasswordReset();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && repeat !== password;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (mismatch) return;
    confirm.mutate({ token, password });
  };

  if (!token) {
    return (
      <AuthCard title={t('auth.reset.title')}>
        <Alert color="red">{t('auth.reset.missingToken')}</Alert>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('auth.reset.title')}>
      {confirm.isSuccess ? (
        <Stack>
          <Alert color="green">{t('auth.reset.done')}</Alert>
          <Button component={Link} to="/sign-in">
            {t('auth.signIn.submit')}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            {confirm.isError && <Alert color="red">{describeError(confirm.error, t).message}</Alert>}
            <PasswordField
              label={t('auth.newPassword')}
              description={t('auth.passwordRule', { count: MIN_PASSWORD })}
              autoComplete="new-password"
              required
              minLength={MIN_PASSWORD}
              value={password}
              error={fieldErrors(confirm.error).password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <PasswordField
              label={t('auth.repeatPassword')}
              autoComplete="new-password"
              required
              value={repeat}
              error={mismatch ? t('auth.mismatch') : undefined}
              onChange={(e) => setRepeat(e.currentTarget.value)}
            />
            <Button type="submit" loading={confirm.isPending}>
              {t('auth.reset.submit')}
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
