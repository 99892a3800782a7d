import type { FeedbackItem } from '../../contracts/feedback.ts';
import { csvField } from '../insights/csv.ts';

const COLUMNS = ['id', 'kind', 'title', 'status', 'contacts', 'companies', 'arr', 'conversations', 'created_at', 'shipped_at'] as const satisfies readonly (keyof FeedbackItem)[];

/** The ranked list as CSV (RFC 4180), one line per item, in the list's order. */
export function feedbackCsv(items: FeedbackItem[]): string {
  const lines = [COLUMNS.join(','), ...items.map((item) => COLUMNS.map((c) => csvField(item[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
