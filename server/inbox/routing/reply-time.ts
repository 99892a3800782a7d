import type { MessengerSettings } from '../../../contracts/messenger.ts';
import type { OfficeHours } from '../../../contracts/routing.ts';
import { isOpen, nextOpening } from './office-hours.ts';

export type ReplyTime = Pick<MessengerSettings, 'reply_minutes' | 'back_at'>;

/**
 * What the Messenger promises: how fast the team usually answers, from its recent median first
 * response (not a hope typed into settings), and when it is back if its office is closed now.
 */
export function expectedReply(input: { now: Date; hours: OfficeHours | null; medianSeconds: number | null }): ReplyTime {
  const closed = input.hours !== null && !isOpen(input.hours, input.now);
  const back = closed ? nextOpening(input.hours!, input.now) : null;
  const m = input.medianSeconds;
  return { reply_minutes: m === null ? null : Math.max(1, Math.ceil(m / 60)), back_at: back ? back.toISOString() : null };
}
