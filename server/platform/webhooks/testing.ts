import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test helpers: a real HTTP receiver for webhooks and polling with a deadline (never sleeps). */

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The status code (and headers) for a request; 200 when it returns undefined. */
  respond: (request: Received) => number | { status: number; headers: Record<string, string> } | undefined;
  /** While set, each request waits for this promise before answering. */
  hold: Promise<void> | null;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const state: Omit<Receiver, 'url' | 'close'> = { received: [], respond: () => undefined, hold: null };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
      const request = { path: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8') };
      state.received.push(request);
      if (state.hold) await state.hold;
      const answer = state.respond(request) ?? 200;
      const { status, headers: extra } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      res.writeHead(status, extra);
      res.end(res.statusCode < 300 ? 'ok' : 'receiver failed on purpose');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | Promise<T>, what: string, timeoutMs = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A promise with its resolve function, to let a test decide when something finishes. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}
