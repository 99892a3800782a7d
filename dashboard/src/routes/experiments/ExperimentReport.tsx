import { useState } from 'react';
import { ActionIcon, Button, Group, Popover, Stack, Text } from '@mantine/core';
import { IconLink, IconPlayerPlay, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useExperimentAction, useExperimentReport, useShareLinkActions, useShareLinks } from '../../api/experiments.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ReportView } from './ReportView.tsx';

/** Share links: create one (its address is shown once) and revoke old ones. */
function ShareLinks({ id }: { id: string }) {
  const { t } = useTranslation();
  const links = useShareLinks(id);
  const { create, revoke } = useShareLinkActions(id);
  const url = create.data ? `${window.location.origin}${create.data.path}` : null;
  return (
    <Popover width={420} position="bottom-end" withArrow>
      <Popover.Target>
        <Button variant="default" leftSection={<IconLink size={16} />} data-testid="share-button">
          {t('experiments.share.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm">{t('experiments.share.help')}</Text>
          <Button size="xs" onClick={() => create.mutate()} loading={create.isPending} data-testid="share-create">
            {t('experiments.share.create')}
          </Button>
          {url && <CopyField value={url} testId="share-url" />}
          {(links.data ?? [])
            .filter((l) => !l.revoked_at)
            .map((l) => (
              <Group key={l.id} justify="space-between">
                <Text size="xs">{t('experiments.share.createdAt', { at: new Date(l.created_at).toLocaleString() })}</Text>
                <ActionIcon variant="subtle" color="red" aria-label={t('experiments.share.revoke')} onClick={() => revoke.mutate(l.id)}>
                  <IconTrash size={14} />
                </ActionIcon>
              </Group>
            ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

export default function ExperimentReportPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [breakdown, setBreakdown] = useState<string | null>(null);
  const report = useExperimentReport(id, breakdown);
  const action = useExperimentAction(id);
  return (
    <QueryState query={report}>
      {(r) => (
        <ReportView
          report={r}
          breakdown={breakdown}
          onBreakdown={setBreakdown}
          csvUrl={`/api/v1/experiments/${id}/report.csv`}
          actions={
            <>
              {r.experiment.status === 'draft' && (
                <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => action.mutate('start')} loading={action.isPending}>
                  {t('experiments.start')}
                </Button>
              )}
              {r.experiment.status === 'running' && (
                <Button color="red" variant="light" leftSection={<IconPlayerStop size={16} />} onClick={() => action.mutate('stop')} loading={action.isPending}>
                  {t('experiments.stop')}
                </Button>
              )}
              <ShareLinks id={id} />
            </>
          }
        />
      )}
    </QueryState>
  );
}
