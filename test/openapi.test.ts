import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from './harness.ts';
import { createWorkspace, type TestWorkspace } from './factories.ts';

const generatedDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'generated');
const typesFile = path.join(generatedDir, 'baton-api.ts');
const usageFile = path.join(generatedDir, 'usage.ts');

let baton: TestBaton;
let ws: TestWorkspace;
let spec: Record<string, unknown> & { paths: Record<string, Record<string, { summary?: string; tags?: string[] }>> };

/** Calls a typed client must accept; type-checked against the generated types below. */
const USAGE = `import createClient from 'openapi-fetch';
import type { paths } from './baton-api.ts';
const client = createClient<paths>({ baseUrl: 'http://localhost' });
export async function use() {
  const c = await client.POST('/api/v1/contacts', { body: { email: 'a@b.test', attributes: { plan: 'pro' } } });
  const id: string | undefined = c.data?.id;
  await client.GET('/api/v1/contacts/{id}', { params: { path: { id: id! } } });
  const list = await client.GET('/api/v1/contacts', { params: { query: { q: 'a', limit: 10, order: 'asc' } } });
  const next: string | null | undefined = list.data?.next_cursor;
  const co = await client.POST('/api/v1/companies', { body: { name: 'Acme', mrr: 10 } });
  const arr: number | null | undefined = co.data?.arr;
  await client.POST('/api/v1/events', { body: { contact_id: id!, name: 'signed_up' } });
  return { next, arr, problem: c.error?.detail };
}
`;

beforeAll(async () => {
  baton = await startBaton({ listen: true });
  ws = await createWorkspace(baton);
  spec = (await (await fetch(`${baton.url}/api/openapi.json`)).json()) as typeof spec;
  fs.mkdirSync(generatedDir, { recursive: true });
  fs.writeFileSync(typesFile, astToString(await openapiTS(spec as unknown as Parameters<typeof openapiTS>[0])));
  fs.writeFileSync(usageFile, USAGE);
});
afterAll(() => baton?.stop());

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(spec);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(spec.openapi).toMatch(/^3\.1\./);
  });

  it('documents every /api/v1 route with a summary and tags, and nothing else', () => {
    const routes = baton.app
      .printRoutes({ commonPrefix: false, method: 'GET' })
      .concat(baton.app.printRoutes({ commonPrefix: false, method: 'POST' }));
    expect(routes).toContain('/api/v1/contacts');
    for (const [p, ops] of Object.entries(spec.paths)) {
      expect(p.startsWith('/api/v1/')).toBe(true);
      for (const [method, op] of Object.entries(ops)) {
        expect(op.summary, `${method} ${p}`).toBeTruthy();
        expect(op.tags?.length, `${method} ${p}`).toBeGreaterThan(0);
      }
    }
    for (const p of ['/api/v1/contacts', '/api/v1/contacts/{id}', '/api/v1/companies', '/api/v1/events', '/api/v1/attributes']) {
      expect(spec.paths).toHaveProperty([p]);
    }
  });

  // Type-checking pulls in the TypeScript compiler and openapi-fetch's types: it takes a while.
  it('generates client types that type-check against typical calls', { timeout: 120_000 }, () => {
    const program = ts.createProgram([usageFile], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true,
      skipLibCheck: true,
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('serves the API to a client generated from it', async () => {
    // The generated `paths` type lives in a file this test writes; at runtime the client is untyped.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const client = createClient<any>({ baseUrl: baton.url, headers: { authorization: `Bearer ${ws.apiKey}` } });
    const company = await client.POST('/api/v1/companies', { body: { name: 'Acme', plan: 'pro', mrr: 100 } });
    expect(company.response.status).toBe(201);
    expect(company.data).toMatchObject({ name: 'Acme', arr: 1200 });
    const contact = await client.POST('/api/v1/contacts', {
      body: { email: 'client@openapi.test', name: 'Client', company_ids: [company.data.id], attributes: { tier: 'gold' } },
    });
    expect(contact.response.status).toBe(201);
    const id = contact.data.id as string;
    const got = await client.GET('/api/v1/contacts/{id}', { params: { path: { id } } });
    expect(got.data).toMatchObject({ email: 'client@openapi.test', companies: [{ name: 'Acme' }] });
    const list = await client.GET('/api/v1/contacts', {
      params: { query: { filter: JSON.stringify([{ field: 'attributes.tier', op: 'eq', value: 'gold' }]), limit: 5 } },
    });
    expect(list.data.data.map((c: { id: string }) => c.id)).toEqual([id]);
    const event = await client.POST('/api/v1/events', { body: { email: 'client@openapi.test', name: 'exported', properties: { rows: 3 } } });
    expect(event.response.status).toBe(201);
    const events = await client.GET('/api/v1/events', { params: { query: { contact_id: id } } });
    expect(events.data.data[0]).toMatchObject({ kind: 'track', name: 'exported', properties: { rows: 3 } });
    const attr = await client.POST('/api/v1/attributes', { body: { target: 'company', key: 'seats', label: 'Seats', type: 'number' } });
    expect(attr.response.status).toBe(201);
    const patched = await client.PATCH('/api/v1/companies/{id}', { params: { path: { id: company.data.id } }, body: { attributes: { seats: 'many' } } });
    expect(patched.response.status).toBe(400);
    expect(patched.response.headers.get('content-type')).toContain('application/problem+json');
    expect(patched.error).toMatchObject({ status: 400, errors: [{ field: 'attributes.seats' }] });
    const bad = await client.POST('/api/v1/contacts', { body: { email: 'not an e-mail' } });
    expect(bad.error).toMatchObject({ status: 400, code: 'validation_failed', errors: [{ field: 'body.email' }] });
    const del = await client.DELETE('/api/v1/contacts/{id}', { params: { path: { id } } });
    expect(del.response.status).toBe(204);
  });
});
