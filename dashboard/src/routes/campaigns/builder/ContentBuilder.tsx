import { Alert, Button, Group, Select, Stack, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CampaignCreate, CampaignLocale } from '../../../../../contracts/campaigns.ts';
import { BasicContentFields } from './BasicContentFields.tsx';
import { ChecklistEditor } from './ChecklistEditor.tsx';
import type { BuilderType, ChecklistDraft, Content, SurveyDraft, TourDraft } from './content.ts';
import { starterContent } from './content.ts';
import { SurveyEditor } from './SurveyEditor.tsx';
import { TourEditor } from './TourEditor.tsx';

export const LOCALES: CampaignLocale[] = ['en', 'zh-Hans', 'zh-Hant', 'ru', 'kk'];

/**
 * The campaign's content, one tab per locale. A locale without its own content is shown the
 * default locale's (the server falls back the same way); "Translate" copies it to start from.
 */
export function ContentBuilder({ draft, setDraft, locale, setLocale, problems, step, setStep }: {
  draft: CampaignCreate;
  setDraft: (update: (d: CampaignCreate) => CampaignCreate) => void;
  locale: CampaignLocale;
  setLocale: (l: CampaignLocale) => void;
  problems: Record<string, string>;
  step: number;
  setStep: (i: number) => void;
}) {
  const { t } = useTranslation();
  const type = draft.type as BuilderType;
  const fallback = draft.default_locale ?? 'en';
  const own = draft.content[locale] as Content | undefined;
  const content = own ?? (draft.content[fallback] as Content | undefined) ?? starterContent(type);
  const setLocaleContent = (next: Content | undefined) =>
    setDraft((d) => {
      const all = { ...d.content };
      if (next) all[locale] = next;
      else delete all[locale];
      return { ...d, content: all };
    });
  const setContent = (patch: Content) => setLocaleContent({ ...content, ...patch });
  const error = (path: string) => problems[`content.${locale}${path ? `.${path}` : ''}`];
  const hasError = (l: CampaignLocale) => Object.keys(problems).some((k) => k === `content.${l}` || k.startsWith(`content.${l}.`));

  return (
    <Stack>
      <Select
        label={t('builder.defaultLocale')}
        description={t('builder.defaultLocaleHelp')}
        data={LOCALES.filter((l) => draft.content[l]).map((l) => ({ value: l, label: t(`builder.locales.${l}`) }))}
        value={fallback}
        allowDeselect={false}
        error={problems[`content.${fallback}`]}
        onChange={(v) => v && setDraft((d) => ({ ...d, default_locale: v as CampaignLocale }))}
      />
      <Tabs value={locale} onChange={(v) => v && setLocale(v as CampaignLocale)}>
        <Tabs.List>
          {LOCALES.map((l) => (
            <Tabs.Tab key={l} value={l} color={hasError(l) ? 'red' : undefined} c={hasError(l) ? 'red' : draft.content[l] ? undefined : 'dimmed'} data-testid={`locale-tab-${l}`}>
              {l}
              {hasError(l) ? ' ⚠' : draft.content[l] ? '' : ' ·'}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {!own && locale !== fallback ? (
        <Alert color="gray" title={t('builder.fallbackTitle', { locale: t(`builder.locales.${fallback}`) })}>
          <Stack gap="xs" align="flex-start">
            {t('builder.fallbackBody')}
            <Button size="xs" onClick={() => setLocaleContent(structuredClone(content))}>
              {t('builder.translate', { locale: t(`builder.locales.${locale}`) })}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <>
          {locale !== fallback && (
            <Group justify="flex-end">
              <Button size="xs" variant="subtle" color="red" onClick={() => setLocaleContent(undefined)}>
                {t('builder.removeTranslation')}
              </Button>
            </Group>
          )}
          {(type === 'banner' || type === 'in_app_message' || type === 'tooltip') && <BasicContentFields type={type} content={content} setContent={setContent} error={error} />}
          {type === 'tour' && <TourEditor content={content as unknown as TourDraft} onChange={(c) => setLocaleContent(c as Content)} error={error} active={step} onActive={setStep} />}
          {type === 'checklist' && <ChecklistEditor content={content as unknown as ChecklistDraft} onChange={(c) => setLocaleContent(c as Content)} error={error} />}
          {type === 'survey' && <SurveyEditor content={content as unknown as SurveyDraft} onChange={(c) => setLocaleContent(c as Content)} error={error} />}
        </>
      )}
    </Stack>
  );
}
