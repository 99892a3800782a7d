import { Fragment, useState } from 'react';
import { ActionIcon, Badge, Button, Group, MultiSelect, NumberInput, Select, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useAttributeDefinitions } from '../../api/contacts.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useTags } from '../../api/inbox-tools.ts';
import {
  useCreateRoutingRule,
  useCreateSlaPolicy,
  useDeleteRoutingRule,
  useDeleteSlaPolicy,
  useReorderRoutingRules,
  useRoutingRules,
  useSlaPolicies,
  useSlaStats,
  useUpdateRoutingRule,
} from '../../api/routing.ts';
import { useTeams } from '../../api/settings.ts';
import type { RoutingRule, RuleGroup, SlaPolicy } from '../../api/types.ts';
import { ConfirmButton } from '../../components/ConfirmButton.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { formatDuration, formatNumber } from '../../components/format.ts';
import { RuleEditor } from '../segments/RuleEditor.tsx';
import { emptyRule, segmentFields } from '../segments/rules.ts';
import OfficeHoursSettings from './OfficeHoursSettings.tsx';
import { Section } from './Section.tsx';

const CHANNELS: RoutingRule['channels'] = ['messenger', 'email', 'api'];

export default function RoutingSettings() {
  return (
    <Stack>
      <PoliciesSection />
      <OfficeHoursSettings />
      <RulesSection />
    </Stack>
  );
}

function PoliciesSection() {
  const { t } = useTranslation();
  const policies = useSlaPolicies();
  const create = useCreateSlaPolicy();
  const remove = useDeleteSlaPolicy();
  const [name, setName] = useState('');
  const [minutes, setMinutes] = useState<number | string>(60);
  const [nextMinutes, setNextMinutes] = useState<number | string>('');
  const [resolutionMinutes, setResolutionMinutes] = useState<number | string>('');
  const [businessHours, setBusinessHours] = useState(false);
  // An empty optional target means none; anything else must be a whole number.
  const optional = (v: number | string) => (v === '' ? null : Number(v));
  const optionalOk = (v: number | string) => v === '' || typeof v === 'number';
  return (
    <Section title={t('routing.sla.title')} description={t('routing.sla.description')}>
      <QueryState query={policies}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('routing.sla.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table data-testid="sla-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('routing.sla.name')}</Table.Th>
                    <Table.Th>{t('routing.sla.target')}</Table.Th>
                    <Table.Th>{t('routing.sla.attainment')}</Table.Th>
                    <Table.Th>{t('routing.sla.median')}</Table.Th>
                    <Table.Th>{t('routing.sla.breached')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((p) => (
                    <PolicyRow key={p.id} policy={p} onDelete={() => remove.mutate(p.id)} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <Group align="flex-end" gap="xs">
        <TextInput label={t('routing.sla.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} w={260} />
        <NumberInput label={t('routing.sla.targetMinutes')} min={1} allowDecimal={false} value={minutes} onChange={setMinutes} w={200} />
        <NumberInput label={t('routing.sla.nextResponseMinutes')} placeholder={t('routing.sla.noTarget')} min={1} allowDecimal={false} value={nextMinutes} onChange={setNextMinutes} w={200} data-testid="sla-next-response" />
        <NumberInput label={t('routing.sla.resolutionMinutes')} placeholder={t('routing.sla.noTarget')} min={1} allowDecimal={false} value={resolutionMinutes} onChange={setResolutionMinutes} w={200} data-testid="sla-resolution" />
        <Switch label={t('routing.sla.businessHours')} checked={businessHours} onChange={(e) => setBusinessHours(e.currentTarget.checked)} mb={8} data-testid="sla-business-hours" />
        <Button
          disabled={!name.trim() || typeof minutes !== 'number' || !optionalOk(nextMinutes) || !optionalOk(resolutionMinutes)}
          loading={create.isPending}
          onClick={() =>
            create.mutate(
              {
                name: name.trim(),
                first_response_minutes: Number(minutes),
                next_response_minutes: optional(nextMinutes),
                resolution_minutes: optional(resolutionMinutes),
                business_hours: businessHours,
              },
              { onSuccess: () => setName('') },
            )
          }
        >
          {t('routing.sla.add')}
        </Button>
      </Group>
      {create.isError && (
        <Text size="sm" c="red">
          {describeError(create.error, t).message}
        </Text>
      )}
    </Section>
  );
}

function PolicyRow({ policy, onDelete }: { policy: SlaPolicy; onDelete: () => void }) {
  const { t } = useTranslation();
  const stats = useSlaStats(policy.id);
  const s = stats.data;
  return (
    <Table.Tr>
      <Table.Td>{policy.name}</Table.Td>
      <Table.Td>
        {t('routing.sla.minutes', { n: formatNumber(policy.first_response_minutes) })}
        {policy.next_response_minutes !== null && (
          <Text span size="sm" c="dimmed" ml="xs">
            {t('routing.sla.nextResponseShort', { n: formatNumber(policy.next_response_minutes) })}
          </Text>
        )}
        {policy.resolution_minutes !== null && (
          <Text span size="sm" c="dimmed" ml="xs">
            {t('routing.sla.resolutionShort', { n: formatNumber(policy.resolution_minutes) })}
          </Text>
        )}
        {policy.business_hours && (
          <Badge ml="xs" size="xs" variant="light">
            {t('routing.sla.businessHoursBadge')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{s?.attainment === null || !s ? '—' : `${Math.round(s.attainment * 100)}%`}</Table.Td>
      <Table.Td>{formatDuration(s?.median_first_response_seconds ?? null)}</Table.Td>
      <Table.Td>{s ? formatNumber(s.breached_open) : '—'}</Table.Td>
      <Table.Td>
        <ConfirmButton icon={<IconTrash size={16} />} label={t('common.delete')} question={t('routing.sla.deleteConfirm', { name: policy.name })} onConfirm={onDelete} />
      </Table.Td>
    </Table.Tr>
  );
}

function RulesSection() {
  const { t } = useTranslation();
  const rules = useRoutingRules();
  const teams = useTeams();
  const policies = useSlaPolicies();
  const tags = useTags();
  const update = useUpdateRoutingRule();
  const reorder = useReorderRoutingRules();
  const remove = useDeleteRoutingRule();
  const [editing, setEditing] = useState<string | null>(null);
  const teamName = (id: string | null) => teams.data?.find((x) => x.id === id)?.name;
  const policyName = (id: string | null) => policies.data?.find((x) => x.id === id)?.name;
  const tagName = (id: string) => tags.data?.find((x) => x.id === id)?.name;
  const move = (ids: string[], i: number, by: number) => {
    const next = [...ids];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    reorder.mutate(next);
  };
  return (
    <Section title={t('routing.rules.title')} description={t('routing.rules.description')}>
      <QueryState query={rules}>
        {(list) =>
          list.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('routing.rules.empty')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table data-testid="routing-table">
                <Table.Tbody>
                  {list.map((r, i) => (
                    <Fragment key={r.id}>
                      <Table.Tr>
                        <Table.Td w={40}>{i + 1}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={500}>
                            {r.name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t('routing.rules.summary', {
                              conditions: r.rule.conditions.length,
                              team: teamName(r.team_id) ?? t('routing.rules.noTeam'),
                              policy: policyName(r.sla_policy_id) ?? t('routing.rules.noPolicy'),
                            })}
                          </Text>
                          <RuleBadges rule={r} tagName={tagName} />
                        </Table.Td>
                        <Table.Td w={230}>
                          <Group gap={4} wrap="nowrap">
                            <Switch
                              aria-label={t('routing.rules.enabled')}
                              checked={r.enabled}
                              onChange={(e) => update.mutate({ id: r.id, enabled: e.currentTarget.checked })}
                            />
                            <ActionIcon variant="subtle" aria-label={t('routing.rules.up')} disabled={i === 0} onClick={() => move(list.map((x) => x.id), i, -1)}>
                              <IconArrowUp size={16} />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('routing.rules.down')}
                              disabled={i === list.length - 1}
                              onClick={() => move(list.map((x) => x.id), i, 1)}
                            >
                              <IconArrowDown size={16} />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              aria-label={t('routing.rules.edit')}
                              aria-pressed={editing === r.id}
                              onClick={() => setEditing(editing === r.id ? null : r.id)}
                            >
                              <IconPencil size={16} />
                            </ActionIcon>
                            <ConfirmButton
                              icon={<IconTrash size={16} />}
                              label={t('common.delete')}
                              question={t('routing.rules.deleteConfirm', { name: r.name })}
                              onConfirm={() => remove.mutate(r.id)}
                            />
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                      {editing === r.id && (
                        <Table.Tr>
                          <Table.Td colSpan={3}>
                            <RuleForm key={r.id} existing={r} onDone={() => setEditing(null)} />
                          </Table.Td>
                        </Table.Tr>
                      )}
                    </Fragment>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <RuleForm />
    </Section>
  );
}

/** A new rule's form, or with `existing` the form that edits every field of that rule. */
function RuleForm({ existing, onDone }: { existing?: RoutingRule; onDone?: () => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const policies = useSlaPolicies();
  const defs = useAttributeDefinitions();
  const create = useCreateRoutingRule();
  const update = useUpdateRoutingRule();
  const save = existing ? update : create;
  const [name, setName] = useState(existing?.name ?? '');
  const [rule, setRule] = useState<RuleGroup>(existing?.rule ?? emptyRule);
  const [teamId, setTeamId] = useState<string | null>(existing?.team_id ?? null);
  const [policyId, setPolicyId] = useState<string | null>(existing?.sla_policy_id ?? null);
  const [flag, setFlag] = useState(existing?.flag_key ?? '');
  const [channels, setChannels] = useState<string[]>(existing?.channels ?? []);
  const [priority, setPriority] = useState(existing?.priority ?? false);
  const [tagIds, setTagIds] = useState<string[]>(existing?.tag_ids ?? []);
  const tags = useTags();
  const fields = segmentFields('contact', defs.data ?? [], (f) => t('segments.companyField', { field: f.custom ? f.label : t(f.label) }));
  const errors = ruleFieldErrors(save.error);
  const problem = save.error instanceof ApiError ? save.error.errors[0] : undefined;
  const shownOnField = problem !== undefined && FORM_FIELDS.includes(fieldOf(problem.field));
  const body = () => ({
    name: name.trim(),
    rule,
    team_id: teamId,
    sla_policy_id: policyId,
    flag_key: flag.trim() || null,
    channels: CHANNELS.filter((c) => channels.includes(c)),
    priority,
    tag_ids: tagIds,
  });
  const submit = () => {
    if (existing) {
      update.mutate({ id: existing.id, ...body() }, { onSuccess: () => onDone?.() });
      return;
    }
    create.mutate(body(), {
      onSuccess: () => {
        setName('');
        setRule(emptyRule());
        setFlag('');
        setChannels([]);
        setPriority(false);
        setTagIds([]);
      },
    });
  };
  return (
    <Stack gap="xs" data-testid={existing ? 'edit-rule' : 'new-rule'}>
      <Text fw={500} size="sm">
        {existing ? t('routing.rules.editTitle') : t('routing.rules.new')}
      </Text>
      <TextInput label={t('routing.rules.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
      <RuleEditor target="contact" fields={fields} value={rule} onChange={setRule} />
      <Group grow>
        <Select
          label={t('routing.rules.team')}
          placeholder={t('routing.rules.noTeam')}
          clearable
          data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={teamId}
          onChange={setTeamId}
          error={errors.team_id}
        />
        <Select
          label={t('routing.rules.policy')}
          placeholder={t('routing.rules.noPolicy')}
          clearable
          data={(policies.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={policyId}
          onChange={setPolicyId}
          error={errors.sla_policy_id}
        />
        <TextInput label={t('routing.rules.flag')} description={t('routing.rules.flagHelp')} value={flag} onChange={(e) => setFlag(e.currentTarget.value)} error={errors.flag_key} />
      </Group>
      <Group grow align="flex-start">
        <MultiSelect
          label={t('routing.rules.channels')}
          placeholder={channels.length ? undefined : t('routing.rules.allChannels')}
          data={CHANNELS.map((c) => ({ value: c, label: t(`routing.rules.channel.${c}`) }))}
          value={channels}
          onChange={setChannels}
          error={errors.channels}
          clearable
        />
        <MultiSelect
          label={t('routing.rules.tags')}
          placeholder={tagIds.length ? undefined : t('routing.rules.noTags')}
          data={(tags.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
          value={tagIds}
          onChange={setTagIds}
          error={errors.tag_ids}
          searchable
          clearable
        />
        <Switch label={t('routing.rules.priority')} checked={priority} onChange={(e) => setPriority(e.currentTarget.checked)} mt={30} />
      </Group>
      {save.isError && !shownOnField && (
        <Text size="sm" c="red">
          {problem ? `${problem.field}: ${problem.message}` : describeError(save.error, t).message}
        </Text>
      )}
      <Group justify="flex-end">
        {existing && (
          <Button variant="default" onClick={() => onDone?.()}>
            {t('common.cancel')}
          </Button>
        )}
        <Button disabled={!name.trim()} loading={save.isPending} onClick={submit}>
          {existing ? t('common.save') : t('routing.rules.add')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Form fields that show their own server error; anything else (e.g. a condition) shows under the form. */
const FORM_FIELDS = ['name', 'team_id', 'sla_policy_id', 'flag_key', 'channels', 'tag_ids'];
// `tag_ids.2` and `channels.0` belong to their list field.
const fieldOf = (field: string) => field.replace(/^(body|query|params)\./, '').split('.')[0] ?? '';

function ruleFieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(err))) out[fieldOf(field)] ??= message;
  return out;
}

function RuleBadges({ rule, tagName }: { rule: RoutingRule; tagName: (id: string) => string | undefined }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} mt={4} data-testid="rule-badges">
      {rule.flag_key && (
        <Badge variant="outline" size="sm" tt="none">
          {t('routing.rules.onlyWithFlag', { flag: rule.flag_key })}
        </Badge>
      )}
      {rule.channels.length > 0 && (
        <Badge variant="outline" size="sm" tt="none">
          {t('routing.rules.onlyOn', { channels: rule.channels.map((c) => t(`routing.rules.channel.${c}`)).join(', ') })}
        </Badge>
      )}
      {rule.priority && (
        <Badge color="red" variant="light" size="sm" tt="none">
          {t('routing.rules.priorityBadge')}
        </Badge>
      )}
      {rule.tag_ids.map((id) => {
        const name = tagName(id);
        return name === undefined ? null : (
          <Badge key={id} variant="light" size="sm" tt="none">
            {name}
          </Badge>
        );
      })}
    </Group>
  );
}
