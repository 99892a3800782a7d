import type { Http } from '../session.ts';
import type { ReplayEvent } from './recorder.ts';

/** Flush at least this often, and sooner once the buffer holds this many bytes. */
export const FLUSH_MS = 5_000;
const FLUSH_BYTES = 128 * 1024;
/** The server refuses bodies above 512 KB; a bigger buffer goes in several uploads. */
const MAX_BODY = 400 * 1024;
/** What a keepalive request may carry (browsers cap all of a page's pending ones near 64 KB). */
const KEEPALIVE_BYTES = 60 * 1024;

const uuid = (): string => {
  // randomUUID needs a secure context; host pages on plain http still get a random v4 id.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/**
 * Buffers one page load's events and uploads them in numbered batches to /widget/replay; on
 * pagehide the rest goes with `keepalive` so leaving the page does not lose the last seconds.
 * `onRefused` hears a 403: the workspace turned replay off or the contact withdrew consent.
 */
export function createUploader(http: Http, onRefused: () => void) {
  const recording = uuid();
  let seq = 0;
  let buffer: ReplayEvent[] = [];
  let bytes = 0;

  const post = (events: ReplayEvent[], keepalive: boolean) => {
    const body = JSON.stringify({ recording_id: recording, seq: seq++, events });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-baton-app': http.appId };
    if (http.token) headers['x-baton-visitor'] = http.token;
    const sent = fetch(`${http.base}/widget/replay`, { method: 'POST', headers, body, credentials: 'omit', keepalive: keepalive && body.length < KEEPALIVE_BYTES });
    sent.then((res) => res.status === 403 && onRefused()).catch(() => undefined);
  };

  function flush(keepalive = false): void {
    let batch: ReplayEvent[] = [];
    let size = 0;
    for (const e of buffer) {
      const n = JSON.stringify(e).length;
      if (batch.length > 0 && size + n > MAX_BODY) {
        post(batch, keepalive);
        batch = [];
        size = 0;
      }
      batch.push(e);
      size += n;
    }
    if (batch.length > 0) post(batch, keepalive);
    buffer = [];
    bytes = 0;
  }

  const timer = setInterval(() => buffer.length > 0 && flush(), FLUSH_MS);
  const onHide = () => buffer.length > 0 && flush(true);
  const onVisibility = () => document.visibilityState === 'hidden' && onHide();
  addEventListener('pagehide', onHide);
  document.addEventListener('visibilitychange', onVisibility);

  return {
    add(event: ReplayEvent): void {
      buffer.push(event);
      bytes += JSON.stringify(event).length;
      if (bytes >= FLUSH_BYTES) flush();
    },
    /** Stops uploading; what is still buffered is dropped (consent may just have been withdrawn). */
    close(): void {
      clearInterval(timer);
      removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      buffer = [];
    },
  };
}
