import { useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Anchor, Button, Card, ColorInput, Group, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError, fieldErrors } from '../../api/errors.ts';
import { useHelpCenterSettings, useUpdateHelpCenterSettings } from '../../api/knowledge.ts';
import type { HelpCenterSettings as Settings } from '../../api/types.ts';
import { QueryState } from '../../components/QueryState.tsx';
import { PageSuggestionsCard } from './PageSuggestionsCard.tsx';

/** The Help Center's languages and theme: title, logo, brand colour, header links. */
export default function HelpCenterSettings() {
  const settings = useHelpCenterSettings();
  return <QueryState query={settings}>{(s) => <SettingsForm settings={s} />}</QueryState>;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const update = useUpdateHelpCenterSettings();
  const [title, setTitle] = useState(settings.title ?? '');
  const [logo, setLogo] = useState(settings.logo_url ?? '');
  const [color, setColor] = useState(settings.brand_color ?? '');
  const [locales, setLocales] = useState(settings.locales);
  const [links, setLinks] = useState(settings.header_links);
  const [domain, setDomain] = useState(settings.custom_domain ?? '');
  const errors = fieldErrors(update.error);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      title: title.trim() || null,
      logo_url: logo.trim() || null,
      brand_color: color.trim() || null,
      locales,
      header_links: links.filter((l) => l.label.trim() || l.url.trim()),
      custom_domain: domain.trim() || null,
    });
  };

  return (
    <Stack maw={720}>
      <Group gap="xs">
        <Anchor component={Link} to="/knowledge" aria-label={t('knowledge.back')}>
          <IconArrowLeft size={18} />
        </Anchor>
        <Title order={2}>{t('knowledge.settings.title')}</Title>
      </Group>
      <Card withBorder>
        <form onSubmit={submit}>
          <Stack>
            <TextInput label={t('knowledge.settings.siteTitle')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={errors.title} />
            <TextInput label={t('knowledge.settings.logo')} placeholder="https://…" type="url" value={logo} onChange={(e) => setLogo(e.currentTarget.value)} error={errors.logo_url} />
            <ColorInput label={t('knowledge.settings.color')} value={color} onChange={setColor} format="hex" error={errors.brand_color} />
            <TextInput
              label={t('knowledge.settings.domain')}
              description={t('knowledge.settings.domainHelp')}
              placeholder="help.example.com"
              value={domain}
              onChange={(e) => setDomain(e.currentTarget.value)}
              error={errors.custom_domain}
            />
            <TagsInput
              label={t('knowledge.settings.locales')}
              description={t('knowledge.settings.localesHelp', { locale: settings.default_locale })}
              value={locales}
              onChange={(v) => setLocales(v.includes(settings.default_locale) ? v : [settings.default_locale, ...v])}
              error={Object.entries(errors).find(([k]) => k.startsWith('locales'))?.[1]}
            />
            <Stack gap="xs">
              <Group justify="space-between">
                <Title order={4} size="h5">
                  {t('knowledge.settings.links')}
                </Title>
                <Button size="compact-xs" variant="default" leftSection={<IconPlus size={12} />} onClick={() => setLinks([...links, { label: '', url: '' }])} disabled={links.length >= 8}>
                  {t('knowledge.settings.addLink')}
                </Button>
              </Group>
              {links.map((l, i) => (
                <Group key={i} align="flex-start" wrap="nowrap">
                  <TextInput
                    aria-label={t('knowledge.settings.linkLabel')}
                    placeholder={t('knowledge.settings.linkLabel')}
                    value={l.label}
                    onChange={(e) => setLinks(links.map((x, j) => (j === i ? { ...x, label: e.currentTarget.value } : x)))}
                    error={errors[`header_links.${i}.label`]}
                  />
                  <TextInput
                    aria-label={t('knowledge.settings.linkUrl')}
                    placeholder="https://…"
                    value={l.url}
                    onChange={(e) => setLinks(links.map((x, j) => (j === i ? { ...x, url: e.currentTarget.value } : x)))}
                    error={errors[`header_links.${i}.url`]}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} onClick={() => setLinks(links.filter((_, j) => j !== i))} mt={4}>
                    <IconTrash size={14} />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
            {update.error && !Object.keys(errors).length ? <Alert color="red">{describeError(update.error, t).message}</Alert> : null}
            {update.isSuccess && <Alert color="green">{t('knowledge.settings.saved')}</Alert>}
            <Group justify="space-between">
              <Anchor href={settings.url} target="_blank" rel="noopener" size="sm">
                {settings.url}
              </Anchor>
              <Button type="submit" loading={update.isPending}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <PageSuggestionsCard />
    </Stack>
  );
}
