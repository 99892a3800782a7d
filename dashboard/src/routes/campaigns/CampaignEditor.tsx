import { useEffect, useState } from 'react';
import { Anchor, Button, Card, Grid, Group, NumberInput, Select, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Campaign, CampaignCreate, CampaignLocale } from '../../../../contracts/campaigns.ts';
import { useCampaign, useCampaignState, useSaveCampaign } from '../../api/campaigns.ts';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useSegments } from '../../api/segments.ts';
import { CampaignPreview } from './Preview.tsx';
import { CampaignStatsCard } from './CampaignStatsCard.tsx';
import { DeliveryRules } from './DeliveryRules.tsx';
import { ContentBuilder } from './builder/ContentBuilder.tsx';
import { BUILDER_TYPES, standingProblems, starterContent, type BuilderType } from './builder/content.ts';
import { previewOf } from './builder/preview-campaign.ts';

function draftOf(c: Campaign | undefined): CampaignCreate {
  if (c) {
    const { id: _i, state: _s, experiment_id: _e, started_at: _st, created_at: _c, updated_at: _u, ...rest } = c;
    return rest;
  }
  return { type: 'banner', name: '', trigger: { type: 'page_view', delay_seconds: 0 }, content: { en: starterContent('banner') }, default_locale: 'en' };
}

export default function CampaignEditor() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const existing = useCampaign(id);
  const segments = useSegments();
  const save = useSaveCampaign(id);
  const state = useCampaignState(id ?? '');
  const [draft, setDraft] = useState<CampaignCreate>(() => draftOf(undefined));
  const [locale, setLocale] = useState<CampaignLocale>('en');
  const [step, setStep] = useState(0);
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);

  const type = draft.type as BuilderType;
  const editContent = (update: (d: CampaignCreate) => CampaignCreate) => {
    const next = update(draft);
    setProblems((p) => standingProblems(p, draft, next));
    setDraft(next);
  };
  const contactSegments = (segments.data ?? []).filter((s) => s.target === 'contact').map((s) => ({ value: s.id, label: s.name }));

  const submit = () =>
    save.mutate(draft, {
      onSuccess: (saved) => {
        setProblems({});
        notifications.show({ color: 'green', message: t('campaigns.saved', { name: saved.name }) });
        if (!id) navigate(`/campaigns/${saved.id}`);
      },
      onError: (err) => {
        const fields = fieldErrors(err);
        setProblems(fields);
        // The first locale with a problem comes to the front, so its fields show their errors.
        const bad = Object.keys(fields).map((k) => /^content\.([^.]+)/.exec(k)?.[1]).find((l): l is CampaignLocale => l !== undefined && l in draft.content);
        if (bad && !Object.keys(fields).some((k) => k.startsWith(`content.${locale}.`))) setLocale(bad);
        notifications.show({ color: 'red', ...describeError(err, t) });
      },
    });

  const preview = previewOf(draft, locale, id, { body: t('campaigns.previewBody'), sender: t('campaigns.previewSender') });

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{id ? draft.name || t('campaigns.untitled') : t('campaigns.new')}</Title>
        <Group>
          {id && existing.data && (
            <Button variant="light" loading={state.isPending} onClick={() => state.mutate(existing.data.state === 'live' ? 'pause' : 'start')}>
              {existing.data.state === 'live' ? t('campaigns.pause') : t('campaigns.start')}
            </Button>
          )}
          <Button onClick={submit} loading={save.isPending}>
            {t('campaigns.save')}
          </Button>
        </Group>
      </Group>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <TextInput label={t('campaigns.fields.name')} value={draft.name} error={problems.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} required />
            <Select
              label={t('campaigns.fields.type')}
              data-testid="campaign-type"
              disabled={Boolean(id)}
              data={BUILDER_TYPES.map((v) => ({ value: v, label: t(`campaigns.types.${v}`) }))}
              value={type}
              allowDeselect={false}
              onChange={(v) => {
                if (!v) return;
                setStep(0);
                setDraft({ ...draft, type: v as BuilderType, content: { [draft.default_locale ?? 'en']: starterContent(v as BuilderType) } });
              }}
            />
            <ContentBuilder draft={draft} setDraft={editContent} locale={locale} setLocale={setLocale} problems={problems} step={step} setStep={setStep} />
            <Select
              label={t('campaigns.fields.audience')}
              clearable
              placeholder={t('campaigns.everyone')}
              data={contactSegments}
              value={draft.audience_segment_id ?? null}
              onChange={(v) => setDraft({ ...draft, audience_segment_id: v })}
            />
            <Group grow>
              <NumberInput label={t('campaigns.fields.priority')} min={0} max={100} value={draft.priority ?? 50} onChange={(v) => setDraft({ ...draft, priority: Number(v) || 0 })} />
              <NumberInput label={t('campaigns.fields.control')} min={0} max={50} suffix="%" disabled={Boolean(existing.data?.experiment_id)} value={draft.control_pct ?? 0} onChange={(v) => setDraft({ ...draft, control_pct: Number(v) || 0 })} />
            </Group>
            <DeliveryRules draft={draft} setDraft={setDraft} segments={contactSegments} />
            <Group grow>
              <TextInput label={t('campaigns.fields.goal')} value={draft.goal?.event ?? ''} error={problems.goal ?? problems['goal.event']} onChange={(e) => setDraft({ ...draft, goal: e.currentTarget.value ? { event: e.currentTarget.value, within_days: draft.goal?.within_days ?? 7 } : null })} />
              <NumberInput label={t('campaigns.fields.goalDays')} min={1} max={90} disabled={!draft.goal} value={draft.goal?.within_days ?? 7} onChange={(v) => draft.goal && setDraft({ ...draft, goal: { ...draft.goal, within_days: Number(v) || 7 } })} />
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack h="100%">
            {/* Sticky: the preview stays in sight while a long tour or survey is edited below. */}
            <Card withBorder style={{ position: 'sticky', top: 'calc(var(--app-shell-header-height, 56px) + 16px)', zIndex: 1 }}>
              <Title order={4} mb="sm">
                {t('campaigns.preview')}
              </Title>
              <CampaignPreview campaign={preview} label={t('campaigns.preview')} step={type === 'tour' ? step : 0} />
            </Card>
            {id && <CampaignStatsCard id={id} goalDays={existing.data?.goal?.within_days} />}
            {id && draft.type === 'survey' && (
              <Anchor component={Link} to={`/campaigns/${id}/survey`} data-testid="open-survey-results">
                {t('campaigns.stats.surveyResults')}
              </Anchor>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
