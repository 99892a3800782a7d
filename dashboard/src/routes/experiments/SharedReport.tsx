import { useState } from 'react';
import { Badge, Container, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useSharedReport } from '../../api/experiments.ts';
import { LanguageSwitcher } from '../../components/LanguageSwitcher.tsx';
import { QueryState } from '../../components/QueryState.tsx';
import { ReportView } from './ReportView.tsx';

/** A report opened from a share link: read-only, no sign-in, the token in the address is the key. */
export default function SharedReport() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [breakdown, setBreakdown] = useState<string | null>(null);
  const report = useSharedReport(token, breakdown);
  return (
    <Container size="xl" py="md">
      <Group justify="space-between" mb="md">
        <Badge variant="light">{t('experiments.share.readOnly')}</Badge>
        <LanguageSwitcher />
      </Group>
      <QueryState query={report}>
        {(r) => (
          <ReportView report={r} breakdown={breakdown} onBreakdown={setBreakdown} csvUrl={`/api/v1/shared/experiment-reports/${encodeURIComponent(token)}/report.csv`} />
        )}
      </QueryState>
      <Text size="xs" c="dimmed" mt="md">{t('experiments.share.footer')}</Text>
    </Container>
  );
}
