import type { ServerFrame } from '../../api/types.ts';

export interface DesktopAlert {
  kind: 'mention' | 'message' | 'conversation';
  conversationId: string;
  text: string;
}

/**
 * Which live frames deserve a desktop notification for this agent: a mention, a conversation
 * just assigned to them (by routing or a teammate), or a customer's message in one of theirs.
 */
export function alertFor(f: ServerFrame, me: string): DesktopAlert | null {
  if (f.type === 'notification') return { kind: 'mention', conversationId: f.notification.conversation_id, text: `${f.notification.actor_name}: ${f.notification.excerpt}` };
  if (f.type === 'conversation' && f.event === 'assigned' && f.conversation.assignee_id === me && f.conversation.state === 'open') {
    return { kind: 'conversation', conversationId: f.conversation.id, text: '' };
  }
  if (f.type === 'message' && f.message.author_type === 'contact' && f.conversation.assignee_id === me) {
    return { kind: 'message', conversationId: f.message.conversation_id, text: f.message.body.slice(0, 140) };
  }
  return null;
}

export const desktopSupported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Shown only while the Inbox is not what the agent is looking at. */
export function showDesktop(title: string, alert: DesktopAlert, open: (conversationId: string) => void) {
  if (!desktopSupported() || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const n = new Notification(title, { body: alert.text, tag: `${alert.kind}:${alert.conversationId}` });
  n.onclick = () => {
    window.focus();
    open(alert.conversationId);
    n.close();
  };
}
