import { useEffect, useRef, useState } from 'react';
import { Button, Group, Popover, Stack, Text, TextInput } from '@mantine/core';
import { IconPointer } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { usePickToken } from '../../../api/campaigns.ts';
import { lastPickPage, pickOnPage } from './pick.ts';

/**
 * A CSS selector field with "Pick on page": the admin names a page of their product (with the
 * Baton widget on it), clicks the element there, and the selector lands here.
 */
export function AnchorField({ label, value, onChange, error, description, required }: { label: string; value: string; onChange: (v: string) => void; error?: string; description?: string; required?: boolean }) {
  const { t } = useTranslation();
  const token = usePickToken();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(lastPickPage);
  const [waiting, setWaiting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const valid = (() => {
    try {
      return /^https?:$/.test(new URL(page).protocol);
    } catch {
      return false;
    }
  })();

  const start = async () => {
    setProblem(null);
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    try {
      const { token: pick } = await token.mutateAsync();
      setWaiting(true);
      const selector = await pickOnPage(page, pick, controller.signal);
      onChange(selector);
      setOpen(false);
    } catch (err) {
      if (!controller.signal.aborted) setProblem(err instanceof Error && err.message === 'popup blocked' ? t('builder.pick.blocked') : t('builder.pick.failed'));
    } finally {
      if (abort.current === controller) setWaiting(false);
    }
  };
  const cancel = () => {
    abort.current?.abort();
    setWaiting(false);
  };

  return (
    <Group align="flex-end" gap="xs" wrap="nowrap">
      <TextInput style={{ flex: 1 }} label={label} description={description} required={required} value={value} error={error} onChange={(e) => onChange(e.currentTarget.value)} />
      <Popover opened={open} onChange={setOpen} width={340} position="bottom-end" withArrow trapFocus>
        <Popover.Target>
          <Button variant="light" leftSection={<IconPointer size={16} />} onClick={() => setOpen((o) => !o)} mb={error ? 22 : 0}>
            {t('builder.pick.button')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="xs">
            <TextInput label={t('builder.pick.page')} description={t('builder.pick.pageHelp')} placeholder="https://app.example.com/projects" value={page} onChange={(e) => setPage(e.currentTarget.value)} disabled={waiting} />
            {waiting ? (
              <Group justify="space-between">
                <Text size="sm" role="status">
                  {t('builder.pick.waiting')}
                </Text>
                <Button size="xs" variant="default" onClick={cancel}>
                  {t('builder.pick.cancel')}
                </Button>
              </Group>
            ) : (
              <Button disabled={!valid} loading={token.isPending} onClick={() => void start()}>
                {t('builder.pick.open')}
              </Button>
            )}
            {problem && (
              <Text size="sm" c="red" role="alert">
                {problem}
              </Text>
            )}
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
