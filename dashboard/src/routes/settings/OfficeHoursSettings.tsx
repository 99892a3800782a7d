import { useEffect, useMemo, useState } from 'react';
import { Button, Checkbox, Group, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useOfficeHours, useSaveOfficeHours } from '../../api/routing.ts';
import { useTeams } from '../../api/settings.ts';
import type { OfficeHours } from '../../api/types.ts';
import { Section } from './Section.tsx';

/** Monday first, as people read a working week; values are the contract's 0 = Sunday. */
const DAYS = [1, 2, 3, 4, 5, 6, 0];
type Day = { open: boolean; start: string; end: string };
const defaultWeek = (): Day[] => DAYS.map((d) => ({ open: d >= 1 && d <= 5, start: '09:00', end: '17:00' }));

function weekOf(hours: OfficeHours | null | undefined): Day[] {
  if (!hours) return defaultWeek();
  return DAYS.map((d) => {
    const w = hours.weekly.find((x) => x.day === d);
    return w ? { open: true, start: w.start, end: w.end } : { open: false, start: '09:00', end: '17:00' };
  });
}

export default function OfficeHoursSettings() {
  const { t } = useTranslation();
  const teams = useTeams();
  const [teamId, setTeamId] = useState<string | null>(null);
  const current = teamId ?? teams.data?.[0]?.id ?? null;
  return (
    <Section title={t('officeHours.title')} description={t('officeHours.description')}>
      {teams.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('officeHours.noTeams')}
        </Text>
      ) : (
        <Stack>
          <Select
            label={t('officeHours.team')}
            data={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
            value={current}
            onChange={setTeamId}
            allowDeselect={false}
            w={300}
            data-testid="office-hours-team"
          />
          {current && <TeamHours key={current} teamId={current} />}
        </Stack>
      )}
    </Section>
  );
}

function TeamHours({ teamId }: { teamId: string }) {
  const { t, i18n } = useTranslation();
  const hours = useOfficeHours(teamId);
  const save = useSaveOfficeHours(teamId);
  const zones = useMemo(() => Intl.supportedValuesOf('timeZone'), []);
  const [zone, setZone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [week, setWeek] = useState<Day[]>(defaultWeek);
  const [holidays, setHolidays] = useState<string[]>([]);
  useEffect(() => {
    if (hours.data === undefined) return;
    setWeek(weekOf(hours.data));
    if (hours.data) {
      setZone(hours.data.time_zone);
      setHolidays(hours.data.holidays);
    }
  }, [hours.data]);
  const dayName = (d: number) => new Date(Date.UTC(2026, 0, 4 + d)).toLocaleDateString(i18n.language, { weekday: 'long', timeZone: 'UTC' });
  const errors = fieldErrors(save.error);
  const setDay = (i: number, patch: Partial<Day>) => setWeek((w) => w.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const body = (): OfficeHours => ({
    time_zone: zone,
    weekly: week.flatMap((d, i) => (d.open ? [{ day: DAYS[i]!, start: d.start, end: d.end }] : [])),
    holidays,
  });
  return (
    <Stack gap="xs">
      <Text size="sm" c={hours.data ? undefined : 'dimmed'} data-testid="office-hours-state">
        {hours.data ? t('officeHours.active') : t('officeHours.alwaysOpen')}
      </Text>
      <Select label={t('officeHours.timeZone')} data={zones} value={zone} onChange={(z) => z && setZone(z)} searchable w={300} error={errors.time_zone} />
      {week.map((d, i) => (
        <Group key={DAYS[i]} gap="xs" align="flex-start">
          <Checkbox label={dayName(DAYS[i]!)} checked={d.open} onChange={(e) => setDay(i, { open: e.currentTarget.checked })} w={160} mt={6} />
          <TextInput type="time" aria-label={t('officeHours.opens')} value={d.start} disabled={!d.open} onChange={(e) => setDay(i, { start: e.currentTarget.value })} w={120} />
          <TextInput
            type="time"
            aria-label={t('officeHours.closes')}
            value={d.end}
            disabled={!d.open}
            onChange={(e) => setDay(i, { end: e.currentTarget.value })}
            w={120}
            error={errors[`weekly.${week.slice(0, i).filter((x) => x.open).length}.end`]}
          />
        </Group>
      ))}
      <TagsInput
        label={t('officeHours.holidays')}
        description={t('officeHours.holidaysHelp')}
        value={holidays}
        onChange={setHolidays}
        placeholder="2026-12-16"
        error={Object.entries(errors).find(([k]) => k.startsWith('holidays'))?.[1]}
      />
      <Group>
        <Button onClick={() => save.mutate(body())} loading={save.isPending} data-testid="office-hours-save">
          {t('officeHours.save')}
        </Button>
        {hours.data && (
          <Button variant="default" onClick={() => save.mutate(null)} loading={save.isPending}>
            {t('officeHours.remove')}
          </Button>
        )}
      </Group>
      {save.isError && Object.keys(errors).length === 0 && (
        <Text size="sm" c="red">
          {describeError(save.error, t).message}
        </Text>
      )}
    </Stack>
  );
}
