import type { FeedbackKind, FeedbackStatus } from '../../api/types.ts';
import { formatNumber } from '../../components/format.ts';

export const KINDS: FeedbackKind[] = ['bug', 'ux', 'feature_request', 'known_limitation'];
export const STATUSES: FeedbackStatus[] = ['new', 'planned', 'in_progress', 'shipped', 'wont_do'];

export const KIND_COLOR: Record<FeedbackKind, string> = { bug: 'red', ux: 'grape', feature_request: 'blue', known_limitation: 'gray' };
export const STATUS_COLOR: Record<FeedbackStatus, string> = { new: 'gray', planned: 'indigo', in_progress: 'yellow', shipped: 'teal', wont_do: 'dark' };

/** ARR in the workspace's currency, which Baton does not know: a plain number with two decimals at most. */
export const formatArr = (arr: number) => formatNumber(Math.round(arr * 100) / 100);
