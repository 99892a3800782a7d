import { Group, Select, Switch, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorField } from './AnchorField.tsx';
import type { Content, FieldError } from './content.ts';

type Action = { label?: string; url?: string; kind?: string };

/** The fields of the one-card types: banner, in-app message and tooltip. */
export function BasicContentFields({ type, content, setContent, error }: { type: 'banner' | 'in_app_message' | 'tooltip'; content: Content; setContent: (patch: Content) => void; error: FieldError }) {
  const { t } = useTranslation();
  const action = content.action as Action | undefined;
  const setAction = (patch: Action) => {
    const next = { kind: 'url', ...action, ...patch };
    setContent({ action: next.label ? next : undefined });
  };
  const select = (field: string, values: string[], labels: string, fallback: string) => (
    <Select
      label={t(`campaigns.fields.${field}`)}
      data={values.map((v) => ({ value: v, label: t(`${labels}.${v}`) }))}
      value={(content[field] as string | undefined) ?? fallback}
      error={error(field)}
      allowDeselect={false}
      onChange={(v) => v && setContent({ [field]: v })}
    />
  );
  return (
    <>
      {type === 'in_app_message' && select('style', ['chat', 'post', 'modal'], 'campaigns.styles', 'chat')}
      {type === 'banner' && (
        <Group grow>
          {select('position', ['top', 'bottom'], 'campaigns.positions', 'top')}
          {select('display', ['inline', 'floating'], 'campaigns.displays', 'floating')}
        </Group>
      )}
      {type === 'tooltip' && (
        <>
          <Group grow>
            {select('style', ['tooltip', 'hotspot'], 'campaigns.styles', 'tooltip')}
            <Select
              label={t('builder.placement')}
              data={['top', 'bottom', 'left', 'right'].map((v) => ({ value: v, label: t(`builder.placements.${v}`) }))}
              value={(content.placement as string | undefined) ?? 'bottom'}
              allowDeselect={false}
              onChange={(v) => v && setContent({ placement: v })}
            />
          </Group>
          <AnchorField label={t('campaigns.fields.selector')} description={t('campaigns.selectorHelp')} required value={(content.selector as string | undefined) ?? ''} error={error('selector')} onChange={(v) => setContent({ selector: v })} />
        </>
      )}
      {type !== 'banner' && <TextInput label={t('campaigns.fields.title')} value={(content.title as string | undefined) ?? ''} error={error('title')} onChange={(e) => setContent({ title: e.currentTarget.value || undefined })} />}
      <Textarea label={t('campaigns.fields.body')} required autosize minRows={3} value={(content.body as string | undefined) ?? ''} error={error('body')} onChange={(e) => setContent({ body: e.currentTarget.value })} />
      <Group grow>
        <TextInput label={t('campaigns.fields.actionLabel')} value={action?.label ?? ''} error={error('action.label')} onChange={(e) => setAction({ label: e.currentTarget.value })} />
        <TextInput label={t('campaigns.fields.actionUrl')} value={action?.url ?? ''} error={error('action.url') ?? error('action')} onChange={(e) => setAction({ url: e.currentTarget.value || undefined })} />
      </Group>
      {type === 'banner' && <Switch label={t('builder.dismissible')} checked={content.dismissible !== false} onChange={(e) => setContent({ dismissible: e.currentTarget.checked })} />}
      {type === 'in_app_message' && (
        <Switch label={t('campaigns.fields.suggestArticle')} description={t('campaigns.suggestArticleHelp')} checked={content.suggest_article === true} onChange={(e) => setContent({ suggest_article: e.currentTarget.checked || undefined })} />
      )}
    </>
  );
}
