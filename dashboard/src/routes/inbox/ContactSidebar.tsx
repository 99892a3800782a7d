import { Anchor, Badge, Card, Divider, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCompany, useContact, useContactEvents } from '../../api/contacts.ts';
import { useContactConversations } from '../../api/inbox.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDateTime, formatRelative, formatValue, plainText } from '../../components/format.ts';
import { contactTitle } from '../contacts/ContactAvatar.tsx';

const RECENT = 5;

/** Who the customer is: attributes, companies with plan and ARR, recent events and pages, earlier conversations. */
export function ContactSidebar({ contactId, conversationId }: { contactId: string; conversationId: string }) {
  const { t } = useTranslation();
  const contact = useContact(contactId);
  return (
    <Card withBorder padding="sm">
      <QueryState query={contact}>
        {(p) => (
          <Stack gap={6} data-testid="thread-contact">
            <Anchor component={Link} to={`/contacts/${p.id}`} fw={600} data-testid="thread-contact-link">
              {contactTitle(p, t)}
            </Anchor>
            <Badge variant="light" w="fit-content">
              {t(`contacts.roles.${p.role}`)}
            </Badge>
            {p.email && <Text size="sm">{p.email}</Text>}
            {p.companies.map((co) => (
              <CompanyLine key={co.id} id={co.id} />
            ))}
            {Object.entries(p.attributes).map(([k, v]) => (
              <Group key={k} gap={4} wrap="nowrap">
                <Text size="xs" c="dimmed">
                  {k}
                </Text>
                <Text size="xs">{formatValue(v)}</Text>
              </Group>
            ))}
            <Text size="xs" c="dimmed">
              {t('inbox.lastSeen')}: {formatDateTime(p.last_seen_at)}
            </Text>
            <RecentActivity contactId={p.id} />
            <PreviousConversations contactId={p.id} current={conversationId} />
          </Stack>
        )}
      </QueryState>
    </Card>
  );
}

function CompanyLine({ id }: { id: string }) {
  const { t } = useTranslation();
  const company = useCompany(id);
  const co = company.data;
  return (
    <Stack gap={0} data-testid="thread-company">
      <Anchor component={Link} to={`/companies/${id}`} size="sm">
        {co?.name ?? id}
      </Anchor>
      {co && (
        <Text size="xs" c="dimmed">
          {[co.plan && t('inbox.sidebar.plan', { plan: co.plan }), co.arr !== null && t('inbox.sidebar.arr', { arr: co.arr.toLocaleString() })].filter(Boolean).join(' · ')}
        </Text>
      )}
    </Stack>
  );
}

function RecentActivity({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const events = useContactEvents(contactId);
  const all = events.data?.pages.flatMap((p) => p.data) ?? [];
  const pages = all.filter((e) => e.kind === 'page').slice(0, RECENT);
  const tracked = all.filter((e) => e.kind !== 'page').slice(0, RECENT);
  return (
    <>
      <Divider label={t('inbox.sidebar.events')} labelPosition="left" />
      {tracked.length === 0 && <Text size="xs" c="dimmed">{t('inbox.sidebar.none')}</Text>}
      {tracked.map((e) => (
        <Text key={e.id} size="xs" data-testid="sidebar-event">
          {e.name} <Text span c="dimmed" size="xs">· {formatRelative(e.occurred_at)}</Text>
        </Text>
      ))}
      <Divider label={t('inbox.sidebar.pages')} labelPosition="left" />
      {pages.length === 0 && <Text size="xs" c="dimmed">{t('inbox.sidebar.none')}</Text>}
      {pages.map((e) => (
        <Text key={e.id} size="xs" lineClamp={1} title={e.url ?? undefined} data-testid="sidebar-page">
          {e.title || e.url || e.name} <Text span c="dimmed" size="xs">· {formatRelative(e.occurred_at)}</Text>
        </Text>
      ))}
    </>
  );
}

function PreviousConversations({ contactId, current }: { contactId: string; current: string }) {
  const { t } = useTranslation();
  const list = useContactConversations(contactId);
  const others = (list.data?.data ?? []).filter((c) => c.id !== current);
  return (
    <>
      <Divider label={t('inbox.sidebar.previous')} labelPosition="left" />
      {others.length === 0 && <Text size="xs" c="dimmed">{t('inbox.sidebar.none')}</Text>}
      {others.map((c) => (
        <Anchor key={c.id} component={Link} to={`/inbox/${c.id}`} size="xs" lineClamp={1} data-testid="sidebar-conversation">
          {t(`inbox.state.${c.state}`)} · {c.last_message ? plainText(c.last_message.body_html) : '—'}
        </Anchor>
      ))}
      {others.length > 0 && (
        <Anchor component={Link} to={`/inbox?contact=${contactId}`} size="xs">
          {t('inbox.sidebar.allOfContact')}
        </Anchor>
      )}
    </>
  );
}
