import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaton, type TestBaton } from '../../test/harness.ts';
import { createWorkspace, type TestWorkspace } from '../../test/factories.ts';
import { fuse } from './hybrid.ts';
import { articleEmbeddings } from './schema.ts';
import type { SearchHit } from './search/index.ts';

/**
 * Hybrid search against a real HTTP embeddings provider that this test starts on loopback. No
 * model can be downloaded here, so the provider is a stand-in: it speaks OpenAI's
 * /v1/embeddings protocol and maps words to a few shared "meaning" dimensions (refund ≈ money
 * back ≈ возврат), which is enough to tell ranking by meaning from ranking by words.
 */

const CONCEPTS: string[][] = [
  ['refund', 'refunds', 'reimburse', 'reimbursed', 'money', 'back', 'возврат', 'деньги', '退款'],
  ['password', 'sign', 'login', 'пароль', '密码'],
  ['invoice', 'invoices', 'billing', 'счёт', 'счета', '发票'],
];
const DIMS = CONCEPTS.length + 16;

function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(DIMS).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const c = CONCEPTS.findIndex((group) => group.includes(word));
    if (c >= 0) v[c]! += 3;
    else v[CONCEPTS.length + ([...word].reduce((h, ch) => (h * 31 + ch.codePointAt(0)!) >>> 0, 7) % 16)]! += 0.3;
  }
  return v;
}

let provider: http.Server;
let requests: { model: string; input: string[] }[] = [];
let baton: TestBaton;
let ws: TestWorkspace;

const search = async (q: string, locale = 'en') => {
  const res = await baton.app.inject({ url: `/api/v1/articles/search?q=${encodeURIComponent(q)}&locale=${locale}`, headers: { authorization: `Bearer ${ws.apiKey}` } });
  return res.json<{ data: { title: string; title_highlight: string; snippet: string }[] }>().data;
};

beforeAll(async () => {
  provider = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      if (req.url !== '/v1/embeddings' || req.method !== 'POST' || req.headers.authorization !== 'Bearer test-key') {
        res.writeHead(401).end();
        return;
      }
      const body = JSON.parse(raw) as { model: string; input: string[] };
      requests.push(body);
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({ object: 'list', model: body.model, data: body.input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t) })) }),
      );
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const { port } = provider.address() as AddressInfo;
  baton = await startBaton({ env: { EMBEDDINGS_URL: `http://127.0.0.1:${port}/v1`, EMBEDDINGS_API_KEY: 'test-key', EMBEDDINGS_MODEL: 'concepts-1' } });
  ws = await createWorkspace(baton, 'Semantic');
  const create = (title: string, body: string) =>
    baton.services.knowledge.articles.create(ws.workspaceId, { translations: { en: { title, body } }, publish: true }, null);
  await create('Refunds', 'We reimburse unused months within 14 days of a cancellation.');
  await create('Reset a forgotten password', 'Click Forgot password on the sign-in page.');
  await create('Download invoices', 'Every payment has an invoice in Settings → Billing.');
});
afterAll(async () => {
  await baton?.stop();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('hybrid search with an embeddings provider', () => {
  it('finds an article by meaning when it shares no word with the question', async () => {
    const hits = await search('get my money back');
    expect(hits[0]?.title).toBe('Refunds');
    // Found by meaning: nothing to highlight, the title is still escaped.
    expect(hits[0]?.title_highlight).toBe('Refunds');
    expect(hits[0]?.snippet).toContain('We reimburse unused months');
  });

  it('keeps word matches first and highlighted', async () => {
    const hits = await search('invoices');
    expect(hits[0]?.title).toBe('Download invoices');
    expect(hits[0]?.title_highlight).toBe('Download <mark>invoices</mark>');
  });

  it('still returns nothing for a question no article is close to', async () => {
    expect(await search('chocolate cake recipe')).toEqual([]);
  });

  it('stores article vectors, so a rebuilt index only embeds the query', async () => {
    const rows = await baton.ctx.db.select().from(articleEmbeddings).where(eq(articleEmbeddings.workspaceId, ws.workspaceId));
    expect(rows.map((r) => r.model)).toEqual(['concepts-1', 'concepts-1', 'concepts-1']);
    baton.services.knowledge.search.forget(ws.workspaceId);
    requests = [];
    expect((await search('reimbursement of money'))[0]?.title).toBe('Refunds');
    expect(requests).toEqual([{ model: 'concepts-1', input: ['reimbursement of money'] }]);
  });

  it('searches by words alone when the provider is down', async () => {
    await new Promise((resolve) => provider.close(resolve));
    provider.closeAllConnections();
    expect((await search('forgotten password'))[0]?.title).toBe('Reset a forgotten password');
    expect(await search('get my cash returned')).toEqual([]);
  });
});

describe('fusing word and meaning scores', () => {
  const hit = (id: string, score: number): SearchHit => ({ id, locale: 'en', score, titleHighlight: id, snippet: '' });

  it('blends both scores, adds close meaning-only matches, and drops distant ones', () => {
    const out = fuse([hit('a', 4), hit('b', 1)], [
      { id: 'a', locale: 'en', similarity: 0.2 },
      { id: 'b', locale: 'en', similarity: 0.9 },
      { id: 'c', locale: 'en', similarity: 0.8 },
      { id: 'd', locale: 'en', similarity: 0.3 },
    ], { locale: 'en', limit: 10, minSimilarity: 0.5 });
    expect(out.map((h) => [h.id, Math.round(h.score * 1000) / 1000])).toEqual([
      ['a', 0.6],
      ['b', 0.575],
      ['c', 0.4],
    ]);
  });

  it("prefers the reader's locale for meaning-only matches", () => {
    const out = fuse([], [
      { id: 'x', locale: 'en', similarity: 0.9 },
      { id: 'x', locale: 'ru', similarity: 0.8 },
    ], { locale: 'ru', limit: 10, minSimilarity: 0.5 });
    expect(out).toEqual([{ id: 'x', locale: 'ru', score: 0.4 }]);
  });
});
