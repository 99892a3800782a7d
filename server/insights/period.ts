import { badField } from '../platform/errors.ts';

/** A report's period and the one of the same length right before it. */
export interface Period {
  from: Date;
  to: Date;
  previousFrom: Date;
}

export const MAX_PERIOD_DAYS = 366;

export function period(q: { from: string; to: string }): Period {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from)) throw badField('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * 86_400_000) throw badField('to', `a report covers at most ${MAX_PERIOD_DAYS} days`);
  return { from, to, previousFrom: new Date(from.getTime() - (to.getTime() - from.getTime())) };
}
