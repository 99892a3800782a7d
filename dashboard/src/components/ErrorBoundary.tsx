import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Alert, Button, Center } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { i18n } from '../i18n/index.ts';

/** A screen that throws while rendering shows this instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <Center p="xl">
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={i18n.t('errors.title')} maw={560}>
          {this.state.error.message}
          <Button mt="sm" display="block" variant="light" color="red" onClick={() => window.location.reload()}>
            {i18n.t('errors.reload')}
          </Button>
        </Alert>
      </Center>
    );
  }
}
