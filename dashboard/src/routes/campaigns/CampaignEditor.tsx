import { useEffect, useState } from 'react';
import { Anchor, Button, Card, Grid, Group, NumberInput, Select, Stack, Switch, Tabs, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { Campaign, CampaignCreate, CampaignLocale, DeliveredCampaign } from '../../../../contracts/campaigns.ts';
import { useCampaign, useCampaignState, useSaveCampaign } from '../../api/campaigns.ts';
import { describeError } from '../../api/errors.ts';
import { useSegments } from '../../api/segments.ts';
import { CampaignPreview } from './Preview.tsx';
import { CampaignStatsCard } from './CampaignStatsCard.tsx';
import { DeliveryRules } from './DeliveryRules.tsx';

const LOCALES: CampaignLocale[] = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'];
const TYPES = ['banner', 'in_app_message', 'tooltip'] as const;
type Editable = (typeof TYPES)[number];
type Content = Record<string, unknown>;

const starter: Record<Editable, Content> = {
  banner: { body: '', position: 'top', display: 'floating', dismissible: true },
  in_app_message: { style: 'chat', body: '' },
  tooltip: { style: 'tooltip', selector: '', placement: 'bottom', body: '' },
};

function draftOf(c: Campaign | undefined): CampaignCreate {
  if (c) {
    const { id: _i, state: _s, experiment_id: _e, started_at: _st, created_at: _c, updated_at: _u, ...rest } = c;
    return rest;
  }
  return { type: 'banner', name: '', trigger: { type: 'page_view', delay_seconds: 0 }, content: { en: { ...starter.banner } }, default_locale: 'en' };
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
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);

  const type = draft.type as Editable;
  const content: Content = (draft.content[locale] as Content | undefined) ?? {};
  const setContent = (patch: Content) =>
    setDraft((d) => ({ ...d, content: { ...d.content, [locale]: { ...(d.content[d.default_locale ?? 'en'] ?? starter[type]), ...(d.content[locale] ?? {}), ...patch } } }));
  const action = content.action as { label?: string; url?: string } | undefined;
  const setAction = (patch: { label?: string; url?: string }) => {
    const next = { kind: 'url', ...action, ...patch };
    setContent({ action: next.label ? next : undefined });
  };
  const contactSegments = (segments.data ?? []).filter((s) => s.target === 'contact').map((s) => ({ value: s.id, label: s.name }));

  const submit = () =>
    save.mutate(draft, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', message: t('campaigns.saved', { name: saved.name }) });
        if (!id) navigate(`/campaigns/${saved.id}`);
      },
      onError: (err) => notifications.show({ color: 'red', ...describeError(err, t) }),
    });

  const preview: DeliveredCampaign = { id: id ?? 'preview', type, priority: 0, delay_seconds: 0, locale, content: { ...starter[type], ...content, body: (content.body as string) || t('campaigns.previewBody') }, capped: true, sender: { name: t('campaigns.previewSender'), avatar_url: null } };

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
            <TextInput label={t('campaigns.fields.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} required />
            <Select
              label={t('campaigns.fields.type')}
              disabled={Boolean(id)}
              data={TYPES.map((v) => ({ value: v, label: t(`campaigns.types.${v}`) }))}
              value={type}
              allowDeselect={false}
              onChange={(v) => v && setDraft({ ...draft, type: v as Editable, content: { [draft.default_locale ?? 'en']: { ...starter[v as Editable] } } })}
            />
            <Tabs value={locale} onChange={(v) => v && setLocale(v as CampaignLocale)}>
              <Tabs.List>
                {LOCALES.map((l) => (
                  <Tabs.Tab key={l} value={l}>
                    {l}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            </Tabs>
            {type === 'in_app_message' && (
              <Select label={t('campaigns.fields.style')} data={['chat', 'post', 'modal'].map((v) => ({ value: v, label: t(`campaigns.styles.${v}`) }))} value={content.style as string} onChange={(v) => v && setContent({ style: v })} allowDeselect={false} />
            )}
            {type === 'banner' && (
              <Group grow>
                <Select label={t('campaigns.fields.position')} data={['top', 'bottom'].map((v) => ({ value: v, label: t(`campaigns.positions.${v}`) }))} value={(content.position as string) ?? 'top'} onChange={(v) => v && setContent({ position: v })} allowDeselect={false} />
                <Select label={t('campaigns.fields.display')} data={['inline', 'floating'].map((v) => ({ value: v, label: t(`campaigns.displays.${v}`) }))} value={(content.display as string) ?? 'floating'} onChange={(v) => v && setContent({ display: v })} allowDeselect={false} />
              </Group>
            )}
            {type === 'tooltip' && (
              <>
                <Select label={t('campaigns.fields.style')} data={['tooltip', 'hotspot'].map((v) => ({ value: v, label: t(`campaigns.styles.${v}`) }))} value={content.style as string} onChange={(v) => v && setContent({ style: v })} allowDeselect={false} />
                <TextInput label={t('campaigns.fields.selector')} description={t('campaigns.selectorHelp')} value={(content.selector as string) ?? ''} onChange={(e) => setContent({ selector: e.currentTarget.value })} />
              </>
            )}
            {type !== 'banner' && <TextInput label={t('campaigns.fields.title')} value={(content.title as string) ?? ''} onChange={(e) => setContent({ title: e.currentTarget.value || undefined })} />}
            <Textarea label={t('campaigns.fields.body')} autosize minRows={3} value={(content.body as string) ?? ''} onChange={(e) => setContent({ body: e.currentTarget.value })} />
            <Group grow>
              <TextInput label={t('campaigns.fields.actionLabel')} value={action?.label ?? ''} onChange={(e) => setAction({ label: e.currentTarget.value })} />
              <TextInput label={t('campaigns.fields.actionUrl')} value={action?.url ?? ''} onChange={(e) => setAction({ url: e.currentTarget.value })} />
            </Group>
            {type === 'in_app_message' && (
              <Switch
                label={t('campaigns.fields.suggestArticle')}
                description={t('campaigns.suggestArticleHelp')}
                checked={content.suggest_article === true}
                onChange={(e) => setContent({ suggest_article: e.currentTarget.checked || undefined })}
              />
            )}
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
              <TextInput label={t('campaigns.fields.goal')} value={draft.goal?.event ?? ''} onChange={(e) => setDraft({ ...draft, goal: e.currentTarget.value ? { event: e.currentTarget.value, within_days: draft.goal?.within_days ?? 7 } : null })} />
              <NumberInput label={t('campaigns.fields.goalDays')} min={1} max={90} disabled={!draft.goal} value={draft.goal?.within_days ?? 7} onChange={(v) => draft.goal && setDraft({ ...draft, goal: { ...draft.goal, within_days: Number(v) || 7 } })} />
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack>
            <Card withBorder>
              <Title order={4} mb="sm">
                {t('campaigns.preview')}
              </Title>
              <CampaignPreview campaign={preview} label={t('campaigns.preview')} />
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
