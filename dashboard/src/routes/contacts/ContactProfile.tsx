import { Anchor, Badge, Card, Grid, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAttributeDefinitions, useContact } from '../../api/contacts.ts';
import { useContactStream } from '../../api/stream.ts';
import type { Contact, TimelineEvent } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { Field } from '../../components/Field.tsx';
import { formatDateTime, formatNumber, formatValue } from '../../components/format.ts';
import { ContactAvatar, contactTitle } from './ContactAvatar.tsx';
import { prependEvent, replaceContact, unwrap } from './live.ts';
import { Timeline } from './Timeline.tsx';
import { EditContactButton } from './EditContact.tsx';
import { MemberOf } from '../segments/MemberOf.tsx';

export default function ContactProfile() {
  const { id = '' } = useParams();
  const query = useContact(id);
  const qc = useQueryClient();
  const stream = useContactStream(id, {
    'event.tracked': (payload) => {
      const event = unwrap<TimelineEvent>(payload, 'event');
      if (event) prependEvent(qc, id, event);
    },
    'contact.updated': (payload) => {
      const contact = unwrap<Contact>(payload, 'contact');
      if (contact) replaceContact(qc, contact);
    },
  });

  return (
    <QueryState query={query}>
      {(contact) => (
        <Stack>
          <Header contact={contact} />
          <Grid>
            <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
              <Stack>
                <Details contact={contact} />
                <CustomAttributes contact={contact} />
                <Companies contact={contact} />
                <MemberOf kind="contacts" id={contact.id} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
              <Timeline contactId={contact.id} stream={stream} />
            </Grid.Col>
          </Grid>
        </Stack>
      )}
    </QueryState>
  );
}

function Header({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <Group gap="md">
      <ContactAvatar contact={contact} size={56} />
      <div style={{ flex: 1 }}>
        <Group gap="xs">
          <Title order={2} data-testid="contact-title">
            {contactTitle(contact, t)}
          </Title>
          <Badge variant="light" color={contact.role === 'user' ? 'indigo' : 'gray'}>
            {t(`contacts.roles.${contact.role}`)}
          </Badge>
        </Group>
        <Text c="dimmed" size="sm">
          {contact.email ?? contact.external_id ?? ''}
        </Text>
      </div>
      <EditContactButton contact={contact} />
    </Group>
  );
}

function Details({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {t('contacts.details')}
      </Title>
      <SimpleGrid cols={2} spacing="sm">
        <Field label={t('contacts.fields.email')} value={formatValue(contact.email)} />
        <Field label={t('contacts.fields.external_id')} value={formatValue(contact.external_id)} />
        <Field label={t('contacts.fields.phone')} value={formatValue(contact.phone)} />
        <Field label={t('contacts.fields.locale')} value={formatValue(contact.locale)} />
        <Field label={t('contacts.fields.timezone')} value={formatValue(contact.timezone)} />
        <Field label={t('contacts.fields.session_count')} value={formatNumber(contact.session_count)} />
        <Field label={t('contacts.fields.signed_up_at')} value={formatDateTime(contact.signed_up_at)} />
        <Field label={t('contacts.fields.last_seen_at')} value={formatDateTime(contact.last_seen_at)} />
        <Field label={t('contacts.fields.created_at')} value={formatDateTime(contact.created_at)} />
        <Field label={t('contacts.fields.updated_at')} value={formatDateTime(contact.updated_at)} />
      </SimpleGrid>
    </Card>
  );
}

function CustomAttributes({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  const defs = useAttributeDefinitions();
  const labels = new Map((defs.data ?? []).filter((d) => d.target === 'contact').map((d) => [d.key, d.label]));
  const entries = Object.entries(contact.attributes ?? {});
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {t('contacts.attributes')}
      </Title>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('contacts.noAttributes')}
        </Text>
      ) : (
        <SimpleGrid cols={2} spacing="sm" data-testid="contact-attributes">
          {entries.map(([key, value]) => (
            <Field key={key} label={labels.get(key) ?? key} value={formatValue(value)} />
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

function Companies({ contact }: { contact: Contact }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Title order={3} size="h5" mb="sm">
        {t('contacts.companies')}
      </Title>
      {contact.companies.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('contacts.noCompanies')}
        </Text>
      ) : (
        <Stack gap="xs">
          {contact.companies.map((c) => (
            <Group key={c.id} justify="space-between">
              <Anchor component={Link} to={`/companies/${c.id}`} size="sm">
                {c.name ?? t('companies.unnamed')}
              </Anchor>
              {c.plan && <Badge variant="outline">{c.plan}</Badge>}
            </Group>
          ))}
        </Stack>
      )}
    </Card>
  );
}
