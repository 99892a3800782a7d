import { useState } from 'react';
import { Anchor, Badge, Button, Group, Modal, SegmentedControl, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconDownload, IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { feedbackCsvUrl, useCreateFeedbackItem, useFeedbackItems } from '../../api/feedback.ts';
import type { FeedbackKind, FeedbackSort } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { formatNumber } from '../../components/format.ts';
import { formatArr, KIND_COLOR, KINDS, STATUS_COLOR } from './labels.ts';

function NewItem({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateFeedbackItem();
  const [kind, setKind] = useState<FeedbackKind>('feature_request');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate({ kind, title, description }, { onSuccess: (item) => navigate(`/feedback/${item.id}`) });
      }}
    >
      <Stack>
        <Select label={t('feedback.kind')} data={KINDS.map((k) => ({ value: k, label: t(`feedback.kinds.${k}`) }))} value={kind} onChange={(v) => v && setKind(v as FeedbackKind)} allowDeselect={false} />
        <TextInput label={t('feedback.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} required maxLength={200} data-autofocus />
        <Textarea label={t('feedback.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={3} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('feedback.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Feedback items ranked by how many customers they affect, or by those customers' ARR. */
export default function FeedbackList() {
  const { t } = useTranslation();
  const [sort, setSort] = useState<FeedbackSort>('customers');
  const [creating, setCreating] = useState(false);
  const items = useFeedbackItems(sort);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('feedback.heading')}</Title>
        <Group>
          <SegmentedControl
            value={sort}
            onChange={(v) => setSort(v as FeedbackSort)}
            data={(['customers', 'arr', 'recent'] as const).map((s) => ({ value: s, label: t(`feedback.sort.${s}`) }))}
            aria-label={t('feedback.sortBy')}
          />
          <Button component="a" href={feedbackCsvUrl(sort)} variant="default" leftSection={<IconDownload size={16} />}>
            {t('feedback.exportCsv')}
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('feedback.new')}
          </Button>
        </Group>
      </Group>
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('feedback.new')}>
        <NewItem onClose={() => setCreating(false)} />
      </Modal>
      <QueryState query={items}>
        {(data) =>
          data.length === 0 ? (
            <Text c="dimmed">{t('feedback.empty')}</Text>
          ) : (
            <Table striped highlightOnHover data-testid="feedback-list">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('feedback.title')}</Table.Th>
                  <Table.Th>{t('feedback.kind')}</Table.Th>
                  <Table.Th>{t('feedback.status')}</Table.Th>
                  <Table.Th ta="right">{t('feedback.numbers.contacts')}</Table.Th>
                  <Table.Th ta="right">{t('feedback.numbers.companies')}</Table.Th>
                  <Table.Th ta="right">{t('feedback.numbers.arr')}</Table.Th>
                  <Table.Th ta="right">{t('feedback.numbers.conversations')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.map((item) => (
                  <Table.Tr key={item.id} data-testid="feedback-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/feedback/${item.id}`}>
                        {item.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={KIND_COLOR[item.kind]} variant="light">
                        {t(`feedback.kinds.${item.kind}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[item.status]} variant="outline">
                        {t(`feedback.statuses.${item.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right" data-metric="contacts">{formatNumber(item.contacts)}</Table.Td>
                    <Table.Td ta="right" data-metric="companies">{formatNumber(item.companies)}</Table.Td>
                    <Table.Td ta="right" data-metric="arr">{formatArr(item.arr)}</Table.Td>
                    <Table.Td ta="right" data-metric="conversations">{formatNumber(item.conversations)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}
