import { Badge, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ArticleTranslation } from '../../api/types.ts';

export type TranslationStatus = 'published' | 'changed' | 'draft' | 'missing';

export function statusOf(t: ArticleTranslation | undefined): TranslationStatus {
  if (!t) return 'missing';
  if (t.state === 'draft') return 'draft';
  return t.has_unpublished_changes ? 'changed' : 'published';
}

const COLOR: Record<TranslationStatus, string> = { published: 'green', changed: 'yellow', draft: 'gray', missing: 'gray' };

/** One locale's state of an article: published, published with unpublished edits, draft, or not written. */
export function LocaleBadge({ locale, translation }: { locale: string; translation: ArticleTranslation | undefined }) {
  const { t } = useTranslation();
  const status = statusOf(translation);
  return (
    <Tooltip label={t(`knowledge.status.${status}`)}>
      <Badge size="sm" color={COLOR[status]} variant={status === 'missing' ? 'outline' : 'light'} tt="none" data-testid={`status-${locale}`} data-status={status}>
        {locale}
      </Badge>
    </Tooltip>
  );
}
