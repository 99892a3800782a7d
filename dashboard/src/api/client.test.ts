import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, api, setCsrfToken, withQuery } from './client.ts';

/** A real HTTP peer that records what the client sent and answers as Baton does. */
let server: http.Server;
let base = '';
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url === '/problem') {
        res.writeHead(400, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'https://baton.dev/problems/validation_failed',
            title: 'validation failed',
            status: 400,
            code: 'validation_failed',
            detail: 'body.email: Invalid email address',
            errors: [{ field: 'body.email', message: 'Invalid email address' }],
          }),
        );
      } else if (req.url === '/empty') {
        res.writeHead(204).end();
      } else if (req.url === '/html-error') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen.length = 0;
  setCsrfToken('csrf-123');
});

describe('dashboard API client', () => {
  it('sends the CSRF token on writes only', async () => {
    await api.get(`${base}/read`);
    await api.post(`${base}/write`, { a: 1 });
    await api.delete(`${base}/gone`);
    expect(seen.map((r) => [r.method, r.headers['x-csrf-token']])).toEqual([
      ['GET', undefined],
      ['POST', 'csrf-123'],
      ['DELETE', 'csrf-123'],
    ]);
    expect(seen[1]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[1]!.body)).toEqual({ a: 1 });
    // A body-less DELETE declares no JSON body (Fastify would refuse an empty one).
    expect(seen[2]!.headers['content-type']).toBeUndefined();
  });

  it('turns problem+json into an ApiError that names the field', async () => {
    const err = await api.post(`${base}/problem`, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'validation_failed',
      message: 'body.email: Invalid email address',
      errors: [{ field: 'body.email', message: 'Invalid email address' }],
    });
  });

  it('reports a non-JSON failure with its status, and 204 as no content', async () => {
    await expect(api.get(`${base}/html-error`)).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'HTTP 502' });
    await expect(api.delete(`${base}/empty`)).resolves.toBeUndefined();
  });

  it('reports an unreachable server as a network error', async () => {
    await expect(api.get('http://127.0.0.1:1/nowhere')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('builds query strings without empty values', () => {
    expect(withQuery('/api/v1/contacts', { q: 'ada', role: undefined, cursor: null, limit: 50, sort: '' })).toBe(
      '/api/v1/contacts?q=ada&limit=50',
    );
    expect(withQuery('/x', { filter: '[{"field":"a b"}]' })).toBe('/x?filter=%5B%7B%22field%22%3A%22a+b%22%7D%5D');
  });
});
