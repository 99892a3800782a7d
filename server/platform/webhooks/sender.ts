import http from 'node:http';
import https from 'node:https';
import { assertPublicTarget, guardedLookup, UnsafeTargetError } from './ssrf.ts';

export interface AttemptResult {
  ok: boolean;
  statusCode: number | null;
  /** Short, secret-free reason for a failure; null on success. */
  error: string | null;
  durationMs: number;
}

const TIMEOUT_MS = 10_000;
/** Enough of a receiver's answer to explain a failure in the delivery log. */
const MAX_ERROR_BODY = 300;

/**
 * POSTs one webhook. Redirects are not followed (a 3xx is a failure: following it could lead to an
 * address the guard never saw), the whole attempt is bounded by 10 s, and every address the host
 * resolves to is checked at connect time.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { allowPrivate: boolean },
): Promise<AttemptResult> {
  const started = performance.now();
  const done = (r: Omit<AttemptResult, 'durationMs'>): AttemptResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    await assertPublicTarget(url, opts.allowPrivate);
  } catch (err) {
    return done({ ok: false, statusCode: null, error: `Refused target: ${(err as Error).message}` });
  }
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<AttemptResult>((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body).toString(),
          'user-agent': 'Baton-Webhooks/1.0',
        },
        lookup: guardedLookup(opts.allowPrivate),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_ERROR_BODY) text += chunk;
        });
        res.on('end', () =>
          resolve(
            done({
              ok,
              statusCode: status,
              error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR_BODY)}` : ''}`,
            }),
          ),
        );
        res.on('error', () => resolve(done({ ok, statusCode: status, error: ok ? null : `HTTP ${status}` })));
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      resolve(done({ ok: false, statusCode: null, error: describeNetworkError(err) }));
    });
    req.end(body);
  });
}

function describeNetworkError(err: NodeJS.ErrnoException): string {
  if (err.name === 'AbortError' || err.name === 'TimeoutError') return `Timed out after ${TIMEOUT_MS / 1000} s`;
  if (err instanceof UnsafeTargetError) return `Refused target: ${err.message}`;
  // Codes like ECONNREFUSED say what went wrong without echoing anything from the request.
  return err.code ? `Connection failed (${err.code})` : 'Connection failed';
}
