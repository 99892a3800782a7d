import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Group, Loader, SegmentedControl, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useAttributeDefinitions } from '../../api/contacts.ts';
import { describeError } from '../../api/errors.ts';
import { useDeleteSegment, useSaveSegment, useSegment, useSegmentPreview, type SegmentDraft } from '../../api/segments.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { ErrorAlert } from '../../components/QueryState.tsx';
import { formatNumber, formatRelative } from '../../components/format.ts';
import { RuleEditor } from './RuleEditor.tsx';
import { completeRule, emptyRule, segmentFields } from './rules.ts';
import { membersPath } from './SegmentsList.tsx';

/** Create or edit a segment, with the number of people it matches counted live as the rule changes. */
export default function SegmentEditor() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const existing = useSegment(id);
  const defs = useAttributeDefinitions();
  const save = useSaveSegment(id);
  const remove = useDeleteSegment();
  const [draft, setDraft] = useState<SegmentDraft>({ name: '', description: null, target: 'contact', rule: emptyRule() });

  useEffect(() => {
    if (existing.data) {
      const { name, description, target, rule } = existing.data;
      setDraft({ name, description, target, rule });
    }
  }, [existing.data]);

  const rule = completeRule(draft.rule);
  const [debounced] = useDebouncedValue(rule, 400);
  const preview = useSegmentPreview(draft.target, debounced);
  const fields = segmentFields(draft.target, defs.data ?? [], (f) =>
    t('segments.companyField', { field: f.custom ? f.label : t(f.label) }),
  );

  if (id && existing.isPending) return <Loader size="sm" />;
  if (id && existing.isError) return <ErrorAlert error={existing.error} onRetry={() => void existing.refetch()} />;

  const submit = async () => {
    const saved = await save.mutateAsync({ ...draft, name: draft.name.trim(), rule });
    notifications.show({ color: 'green', message: t('segments.saved', { name: saved.name, count: saved.member_count }) });
    if (!id) navigate(`/segments/${saved.id}`, { replace: true });
  };
  const problem = save.error ?? (preview.isError ? preview.error : null);

  return (
    <Stack gap="md" maw={980}>
      <Group justify="space-between">
        <Title order={2}>{id ? draft.name || t('segments.untitled') : t('segments.new')}</Title>
        <Group gap="xs">
          {existing.data && (
            <>
              <Text size="sm" c="dimmed">
                {t('segments.refreshedAt', { when: formatRelative(existing.data.refreshed_at) })}
              </Text>
              <Button component={Link} to={membersPath(existing.data)} variant="default">
                {t('segments.viewMembers')}
              </Button>
              <ConfirmButton
                label={t('common.delete')}
                question={t('segments.deleteConfirm', { name: existing.data.name })}
                onConfirm={() => remove.mutate(existing.data.id, { onSuccess: () => navigate('/segments') })}
              />
            </>
          )}
        </Group>
      </Group>
      <TextInput
        label={t('segments.fields.name')}
        required
        value={draft.name}
        onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
      />
      <Textarea
        label={t('segments.fields.description')}
        autosize
        minRows={1}
        value={draft.description ?? ''}
        onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value || null })}
      />
      {!id && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('segments.fields.target')}
          </Text>
          <SegmentedControl
            w="fit-content"
            value={draft.target}
            onChange={(target) => setDraft({ ...draft, target: target as SegmentDraft['target'], rule: emptyRule() })}
            data={[
              { value: 'contact', label: t('segments.targets.contact') },
              { value: 'company', label: t('segments.targets.company') },
            ]}
          />
        </Stack>
      )}
      <RuleEditor target={draft.target} fields={fields} value={draft.rule} onChange={(r) => setDraft({ ...draft, rule: r })} />
      {problem && (
        <Alert color="red" title={describeError(problem, t).title}>
          {describeError(problem, t).message}
        </Alert>
      )}
      <Group justify="space-between">
        <Group gap="xs" data-testid="segment-preview">
          {preview.isFetching && <Loader size="xs" />}
          {preview.data && (
            <Badge size="lg" variant="light" tt="none">
              {t(draft.target === 'company' ? 'segments.previewCompanies' : 'segments.previewPeople', {
                count: preview.data.count,
                formatted: formatNumber(preview.data.count),
              })}
            </Badge>
          )}
        </Group>
        <Button onClick={() => void submit().catch(() => undefined)} loading={save.isPending} disabled={!draft.name.trim()}>
          {t('segments.save')}
        </Button>
      </Group>
    </Stack>
  );
}
