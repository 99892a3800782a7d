import { Button, Card, Group, NumberInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { freshId, moved, replaced, without, type ChecklistDraft, type FieldError } from './content.ts';
import { ListControls } from './ListControls.tsx';

type Item = ChecklistDraft['items'][number];
type Badge = NonNullable<ChecklistDraft['badges']>[number];

/** A checklist's items (each done by an event or ticked by the user), its badges and its completion text. */
export function ChecklistEditor({ content, onChange, error }: { content: ChecklistDraft; onChange: (c: ChecklistDraft) => void; error: FieldError }) {
  const { t } = useTranslation();
  const items = content.items;
  const badges = content.badges ?? [];
  const setItems = (next: Item[]) => onChange({ ...content, items: next });
  const setItem = (i: number, patch: Partial<Item>) => setItems(replaced(items, i, { ...items[i]!, ...patch }));
  const setBadges = (next: Badge[]) => onChange({ ...content, badges: next.length ? next : undefined });
  const what = t('builder.checklist.item');
  return (
    <Stack>
      <TextInput label={t('builder.checklist.title')} required value={content.title} error={error('title')} onChange={(e) => onChange({ ...content, title: e.currentTarget.value })} />
      <Textarea label={t('builder.checklist.description')} autosize value={content.description ?? ''} error={error('description')} onChange={(e) => onChange({ ...content, description: e.currentTarget.value || undefined })} />
      {items.map((item, i) => (
        <Card key={i} withBorder padding="sm" data-testid={`checklist-item-${i}`}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>{t('builder.checklist.itemN', { n: i + 1 })}</Text>
              <ListControls index={i} count={items.length} what={what} onMove={(by) => setItems(moved(items, i, by))} onRemove={() => setItems(without(items, i))} />
            </Group>
            <Group grow>
              <TextInput label={t('builder.checklist.itemTitle')} required value={item.title} error={error(`items.${i}.title`)} onChange={(e) => setItem(i, { title: e.currentTarget.value })} />
              <TextInput label={t('builder.id')} description={t('builder.idHelp')} value={item.id} error={error(`items.${i}.id`)} onChange={(e) => setItem(i, { id: e.currentTarget.value })} />
            </Group>
            <TextInput label={t('builder.checklist.itemDescription')} value={item.description ?? ''} error={error(`items.${i}.description`)} onChange={(e) => setItem(i, { description: e.currentTarget.value || undefined })} />
            <TextInput label={t('builder.checklist.event')} description={t('builder.checklist.eventHelp')} placeholder="project_created" value={item.event ?? ''} error={error(`items.${i}.event`)} onChange={(e) => setItem(i, { event: e.currentTarget.value || undefined })} />
            <Group grow>
              <TextInput
                label={t('campaigns.fields.actionLabel')}
                value={item.action?.label ?? ''}
                error={error(`items.${i}.action.label`)}
                onChange={(e) => setItem(i, { action: e.currentTarget.value ? { kind: 'url', ...item.action, label: e.currentTarget.value } : undefined })}
              />
              <TextInput
                label={t('campaigns.fields.actionUrl')}
                value={item.action?.url ?? ''}
                disabled={!item.action}
                error={error(`items.${i}.action.url`)}
                onChange={(e) => item.action && setItem(i, { action: { ...item.action, url: e.currentTarget.value || undefined } })}
              />
            </Group>
          </Stack>
        </Card>
      ))}
      <Button variant="light" leftSection={<IconPlus size={16} />} disabled={items.length >= 20} onClick={() => setItems([...items, { id: freshId('item', items.map((x) => x.id)), title: '' }])}>
        {t('builder.checklist.addItem')}
      </Button>
      <Title order={5}>{t('builder.checklist.badges')}</Title>
      <Text size="sm" c="dimmed">
        {t('builder.checklist.badgesHelp')}
      </Text>
      {badges.map((b, i) => (
        <Group key={i} align="flex-end" data-testid={`checklist-badge-${i}`}>
          <NumberInput label={t('builder.checklist.badgeAt')} min={1} max={100} suffix="%" w={120} value={b.percent} error={error(`badges.${i}.percent`)} onChange={(v) => setBadges(replaced(badges, i, { ...b, percent: Number(v) || 1 }))} />
          <TextInput style={{ flex: 1 }} label={t('builder.checklist.badgeLabel')} value={b.label} error={error(`badges.${i}.label`)} onChange={(e) => setBadges(replaced(badges, i, { ...b, label: e.currentTarget.value }))} />
          <ListControls index={i} count={badges.length} what={t('builder.checklist.badge')} min={0} onMove={(by) => setBadges(moved(badges, i, by))} onRemove={() => setBadges(without(badges, i))} />
        </Group>
      ))}
      <Button variant="subtle" leftSection={<IconPlus size={16} />} disabled={badges.length >= 5} onClick={() => setBadges([...badges, { percent: 100, label: '' }])}>
        {t('builder.checklist.addBadge')}
      </Button>
      <TextInput label={t('builder.checklist.completedTitle')} required value={content.completed_title} error={error('completed_title')} onChange={(e) => onChange({ ...content, completed_title: e.currentTarget.value })} />
      <Textarea label={t('builder.checklist.completedBody')} autosize value={content.completed_body ?? ''} error={error('completed_body')} onChange={(e) => onChange({ ...content, completed_body: e.currentTarget.value || undefined })} />
    </Stack>
  );
}
