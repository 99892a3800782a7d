import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import type { TestBaton } from '../harness.ts';

export interface HostServer {
  origin: string;
  close(): Promise<void>;
}

/** A customer's site on another origin than Baton's (localhost vs 127.0.0.1), serving `html(url)`. */
export async function serveHostPage(html: (url: URL) => string): Promise<HostServer> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html(new URL(req.url ?? '/', 'http://localhost')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Ends a host-page test file: browser, then host, then Baton; a part is missing when beforeAll failed before making it. */
export async function closeHostPageRun(browser: Browser | undefined, host: HostServer | undefined, baton: TestBaton | undefined): Promise<void> {
  await browser?.close();
  await host?.close();
  await baton?.stop();
}
