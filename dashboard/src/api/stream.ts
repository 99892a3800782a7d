import { useEffect, useRef, useState } from 'react';

export type StreamStatus = 'connecting' | 'live' | 'offline';

/**
 * Subscribes to GET /api/app/stream (server-sent events) for one contact. EventSource reconnects
 * by itself; the status lets the screen say whether it is live.
 */
export function useContactStream(contactId: string, handlers: Record<string, (data: unknown) => void>): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  // Handlers change every render; the connection must not.
  const latest = useRef(handlers);
  latest.current = handlers;
  const types = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    const source = new EventSource(`/api/app/stream?contact_id=${encodeURIComponent(contactId)}`);
    setStatus('connecting');
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    const listeners = types.split(',').filter(Boolean).map((type) => {
      const listener = (e: MessageEvent<string>) => {
        let data: unknown;
        try {
          data = JSON.parse(e.data);
        } catch {
          return;
        }
        latest.current[type]?.(data);
      };
      source.addEventListener(type, listener);
      return [type, listener] as const;
    });
    return () => {
      for (const [type, listener] of listeners) source.removeEventListener(type, listener);
      source.close();
    };
  }, [contactId, types]);

  return status;
}
