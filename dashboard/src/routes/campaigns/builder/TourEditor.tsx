import { Button, Card, Group, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { AnchorField } from './AnchorField.tsx';
import { moved, replaced, without, type FieldError, type TourDraft } from './content.ts';
import { ListControls } from './ListControls.tsx';

type Step = TourDraft['steps'][number];
const PLACEMENTS = ['top', 'bottom', 'left', 'right'] as const;

/** A tour's steps: each its page, element, placement and text; added, removed and reordered. */
export function TourEditor({ content, onChange, error, active, onActive }: { content: TourDraft; onChange: (c: TourDraft) => void; error: FieldError; active: number; onActive: (i: number) => void }) {
  const { t } = useTranslation();
  const steps = content.steps;
  const setSteps = (next: Step[]) => onChange({ ...content, steps: next });
  const setStep = (i: number, patch: Partial<Step>) => setSteps(replaced(steps, i, { ...steps[i]!, ...patch }));
  const what = t('builder.tour.step');
  return (
    <Stack>
      <Switch label={t('builder.tour.allowSkip')} checked={content.allow_skip !== false} onChange={(e) => onChange({ ...content, allow_skip: e.currentTarget.checked })} />
      {error('steps') && (
        <Text c="red" size="sm">
          {error('steps')}
        </Text>
      )}
      {steps.map((s, i) => (
        <Card key={i} withBorder padding="sm" data-testid={`tour-step-${i}`} onFocusCapture={() => onActive(i)} style={i === active ? { borderColor: 'var(--mantine-color-blue-5)' } : undefined}>
          <Stack gap="xs">
            <Group justify="space-between">
              <Text fw={600}>{t('builder.tour.stepN', { n: i + 1 })}</Text>
              <ListControls
                index={i}
                count={steps.length}
                what={what}
                onMove={(by) => {
                  setSteps(moved(steps, i, by));
                  onActive(Math.max(0, Math.min(steps.length - 1, i + by)));
                }}
                onRemove={() => {
                  setSteps(without(steps, i));
                  onActive(Math.max(0, Math.min(active, steps.length - 2)));
                }}
              />
            </Group>
            <TextInput label={t('builder.tour.stepTitle')} value={s.title ?? ''} error={error(`steps.${i}.title`)} onChange={(e) => setStep(i, { title: e.currentTarget.value || undefined })} />
            <Textarea label={t('builder.tour.stepBody')} required autosize minRows={2} value={s.body} error={error(`steps.${i}.body`)} onChange={(e) => setStep(i, { body: e.currentTarget.value })} />
            <AnchorField label={t('builder.tour.anchor')} description={t('builder.tour.anchorHelp')} value={s.selector ?? ''} error={error(`steps.${i}.selector`)} onChange={(v) => setStep(i, { selector: v || undefined })} />
            <Group grow>
              <TextInput label={t('builder.tour.page')} description={t('builder.tour.pageHelp')} placeholder="/projects/*" value={s.page ?? ''} error={error(`steps.${i}.page`)} onChange={(e) => setStep(i, { page: e.currentTarget.value || undefined })} />
              <Select label={t('builder.placement')} data={PLACEMENTS.map((v) => ({ value: v, label: t(`builder.placements.${v}`) }))} value={s.placement ?? 'bottom'} allowDeselect={false} onChange={(v) => v && setStep(i, { placement: v as Step['placement'] })} />
            </Group>
            <Switch label={t('builder.tour.advanceOnClick')} checked={s.advance_on_click === true} disabled={!s.selector} onChange={(e) => setStep(i, { advance_on_click: e.currentTarget.checked })} />
          </Stack>
        </Card>
      ))}
      <Button
        variant="light"
        leftSection={<IconPlus size={16} />}
        disabled={steps.length >= 30}
        onClick={() => {
          setSteps([...steps, { body: '', placement: 'bottom' }]);
          onActive(steps.length);
        }}
      >
        {t('builder.tour.addStep')}
      </Button>
    </Stack>
  );
}
