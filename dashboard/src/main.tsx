import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { initI18n } from './i18n/index.ts';
import { describeError } from './api/errors.ts';
import { ApiError } from './api/client.ts';
import { meKey } from './api/auth.ts';
import { App } from './App.tsx';

const theme = createTheme({ primaryColor: 'indigo', defaultRadius: 'md' });

async function start(): Promise<void> {
  const i18n = await initI18n();
  const notify = (err: unknown) => {
    const { title, message } = describeError(err, i18n.t);
    notifications.show({ color: 'red', title, message });
  };
  // A session that ended elsewhere (signed out, password changed, removed from the workspace):
  // forget who we were, and RequireAuth sends the user to sign in again.
  const signedOut = (err: unknown) => err instanceof ApiError && err.status === 401;
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
        refetchOnWindowFocus: false,
      },
    },
    // Failed actions surface as a notification unless the form shows the error itself.
    mutationCache: new MutationCache({
      onError: (err, _v, _c, m) => {
        if (signedOut(err) && !m.meta?.silent) queryClient.setQueryData(meKey, null);
        else if (!m.meta?.silent) notify(err);
      },
    }),
    queryCache: new QueryCache({
      onError: (err, q) => {
        if (signedOut(err)) queryClient.setQueryData(meKey, null);
        else if (q.state.data !== undefined) notify(err);
      },
    }),
  });

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto">
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter basename="/app">
            <App />
          </BrowserRouter>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}

void start();
