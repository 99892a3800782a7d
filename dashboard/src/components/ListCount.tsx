import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from './format.ts';

/** "50 of 1,234 shown": rows loaded so far, and the total once its count has come back. */
export function ListCount({ shown, total, hasMore, testId }: { shown: number; total?: number; hasMore: boolean; testId: string }) {
  const { t } = useTranslation();
  const count = formatNumber(shown);
  const text =
    total === undefined
      ? t(hasMore ? 'list.loadedMore' : 'list.loaded', { count })
      : t(hasMore ? 'list.loadedOfMore' : 'list.loadedOf', { count, total: formatNumber(total) });
  return (
    <Text size="sm" c="dimmed" data-testid={testId}>
      {text}
    </Text>
  );
}
