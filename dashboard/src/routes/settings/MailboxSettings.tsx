import { useState } from 'react';
import { Anchor, Badge, Code, Grid, NavLink, ScrollArea, Stack, Tabs, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useMail, useMailbox } from '../../api/settings.ts';
import type { MailboxMessage } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime } from '../../components/format.ts';
import { Section } from './Section.tsx';

const STATUS_COLOR = { captured: 'blue', sent: 'green', queued: 'yellow', failed: 'red' } as const;

export default function MailboxSettings() {
  const { t } = useTranslation();
  const mailbox = useMailbox();
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <Section title={t('mailbox.title')} description={t('mailbox.help')}>
      <QueryState query={mailbox}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('mailbox.empty')}
            </Text>
          ) : (
            <Grid>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <ScrollArea.Autosize mah="65vh">
                  {list.map((m) => (
                    <NavLink
                      key={m.id}
                      active={m.id === selected}
                      onClick={() => setSelected(m.id)}
                      label={m.subject}
                      description={`${m.to} · ${formatDateTime(m.createdAt)}`}
                      rightSection={
                        <Badge size="xs" variant="light" color={STATUS_COLOR[m.status]}>
                          {t(`mailbox.status.${m.status}`)}
                        </Badge>
                      }
                    />
                  ))}
                </ScrollArea.Autosize>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 7 }}>
                {selected ? <MailView id={selected} /> : <Text c="dimmed" size="sm">{t('mailbox.pick')}</Text>}
              </Grid.Col>
            </Grid>
          )
        }
      </QueryState>
    </Section>
  );
}

function MailView({ id }: { id: string }) {
  const mail = useMail(id);
  return <QueryState query={mail}>{(m) => <Message mail={m} />}</QueryState>;
}

function Message({ mail }: { mail: MailboxMessage }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs">
      <Text fw={600}>{mail.subject}</Text>
      <Text size="xs" c="dimmed">
        {t('mailbox.from')}: {mail.from} · {t('mailbox.to')}: {mail.to} · {formatDateTime(mail.sentAt ?? mail.createdAt)}
      </Text>
      {mail.error && (
        <Text size="sm" c="red">
          {mail.error}
        </Text>
      )}
      <Tabs defaultValue={mail.html ? 'html' : 'text'}>
        <Tabs.List>
          {mail.html && <Tabs.Tab value="html">HTML</Tabs.Tab>}
          <Tabs.Tab value="text">{t('mailbox.text')}</Tabs.Tab>
        </Tabs.List>
        {mail.html && (
          <Tabs.Panel value="html" pt="xs">
            {/* Sanitized by the server, and still sandboxed here: no scripts, no same-origin access. */}
            <iframe
              title={mail.subject}
              sandbox=""
              srcDoc={mail.html}
              style={{ width: '100%', height: '55vh', border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, background: 'white' }}
            />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="text" pt="xs">
          <Code block fz="xs" style={{ whiteSpace: 'pre-wrap' }}>
            <Linkified text={mail.text} />
          </Code>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** Links in a dev-mailbox mail (reset, invitation) are clickable, so the flow can be finished from here. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <Anchor key={i} href={part} target="_blank" rel="noreferrer" fz="xs">
            {part}
          </Anchor>
        ) : (
          part
        ),
      )}
    </>
  );
}
