import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useConversationRouting } from '../../api/routing.ts';
import type { ConversationRouting } from '../../api/types.ts';
import { formatDateTime } from '../../components/format.ts';

const COLOR = { met: 'green', missed: 'red', due: 'yellow', overdue: 'red' } as const;
const KEY = { first_response: 'inbox.sla', next_response: 'inbox.sla.next', resolution: 'inbox.sla.resolution' } as const;

/** The open target due first (the first response while unanswered, the next response, resolution), if any. */
function earliestOpenTarget(r: ConversationRouting) {
  const open = [
    { kind: 'first_response' as const, at: r.sla_status === 'due' || r.sla_status === 'overdue' ? r.first_response_due_at : null },
    { kind: 'next_response' as const, at: r.next_response_due_at },
    { kind: 'resolution' as const, at: r.resolution_due_at },
  ].filter((x): x is { kind: keyof typeof KEY; at: string } => x.at !== null);
  return open.sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0] ?? null;
}

/** Where the conversation's SLA stands: its earliest open target due by a time or overdue, else the first response met or missed. */
export function SlaBadge({ conversationId, lastSeq }: { conversationId: string; lastSeq: number }) {
  const { t } = useTranslation();
  const routing = useConversationRouting(conversationId, lastSeq);
  const r = routing.data;
  if (!r || r.sla_status === 'none') return null;
  const target = earliestOpenTarget(r);
  const status = target ? (Date.parse(target.at) < Date.now() ? 'overdue' : 'due') : r.sla_status;
  const text = target ? t(`${KEY[target.kind]}.${status}`, { when: formatDateTime(target.at) }) : t(`inbox.sla.${status}`);
  return (
    <Badge variant="light" color={COLOR[status]} tt="none" title={r.sla_policy_name ?? undefined} data-testid="thread-sla" data-status={status} data-target={target?.kind}>
      {text}
    </Badge>
  );
}
