import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { useLogin, useMe } from '../../api/auth.ts';
import { describeError } from '../../api/errors.ts';
import { AuthCard } from './AuthCard.tsx';
import { PasswordField } from '../../components/PasswordField.tsx';

/** Only paths inside the app are honoured as `next`, so a link cannot bounce a user off-site. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/contacts';
}

export default function SignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const next = safeNext(params.get('next'));

  if (me.data) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password }, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <AuthCard title={t('auth.signIn.title')}>
      <form onSubmit={submit}>
        <Stack>
          {login.isError && (
            <Alert color="red" role="alert">
              {describeError(login.error, t).message}
            </Alert>
          )}
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordField
            label={t('auth.password')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={login.isPending} fullWidth>
            {t('auth.signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
            {t('auth.signIn.forgot')}
          </Anchor>
        </Stack>
      </form>
    </AuthCard>
  );
}
