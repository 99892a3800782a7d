import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from './harness.ts';

let baton: TestBaton;
beforeAll(async () => {
  baton = await startBaton();
});
afterAll(() => baton?.stop());

describe('platform', () => {
  it('answers health and readiness', async () => {
    expect((await baton.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await baton.app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('answers unknown routes with problem+json', async () => {
    const r = await baton.app.inject('/api/v1/nothing-here');
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 404, code: 'not_found' });
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const r = await baton.app.inject('/api/openapi.json');
    expect(r.json().openapi).toBe('3.1.0');
  });
});
