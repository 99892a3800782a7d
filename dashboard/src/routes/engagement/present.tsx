import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Series } from '../../api/types.ts';

const STATE_COLOR = { draft: 'gray', live: 'green', paused: 'yellow' } as const;

export function StateBadge({ state }: { state: Series['state'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={STATE_COLOR[state]}>
      {t(`series.states.${state}`)}
    </Badge>
  );
}

export function totals(s: Series) {
  return s.stats.steps.reduce((a, x) => ({ sent: a.sent + x.sent, opened: a.opened + x.opened, clicked: a.clicked + x.clicked }), {
    sent: 0,
    opened: 0,
    clicked: 0,
  });
}

/** A share as a whole percentage, or a dash before anything was sent. */
export const rate = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);
