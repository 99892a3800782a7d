import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { create, insertMultiple, search as oramaSearch } from '@orama/orama';
import MiniSearch from 'minisearch';
import { createSearchIndex, type SearchDocument } from '../server/knowledge/search/index.ts';

/**
 * `npm run bench -- search`: relevance (nDCG@5, Recall@5, MRR per locale) of Baton's search and,
 * on the same articles, MiniSearch and Orama with their default settings (one index per locale,
 * fields title + body); then index build time and query latency on a generated corpus of 10,000
 * articles across the five locales.
 *
 * Metrics: gain 2^grade − 1; Recall@5 counts every relevant article (grade ≥ 1); MRR uses the first
 * grade-2 article ("the answer"). A no-answer query scores 1 on all three when the engine returns
 * nothing and 0 otherwise (returning noise is the failure we measure there).
 */

interface Relevance {
  locales: string[];
  articles: { id: string; collection: string; translations: Record<string, { title: string; body: string }> }[];
  queries: { locale: string; kind: string; query: string; relevant: Record<string, number> }[];
}

type Engine = { name: string; build(docs: SearchDocument[]): Promise<Searcher> };
type Searcher = (query: string, locale: string) => Promise<string[]> | string[];

const K = 5;
const CORPUS = Number(process.env.BENCH_SEARCH_CORPUS ?? 10_000);
const REPEAT = 5;
const here = path.dirname(fileURLToPath(import.meta.url));

const engines: Engine[] = [
  {
    name: 'baton',
    async build(docs) {
      const index = createSearchIndex();
      for (const d of docs) index.add(d);
      return (query, locale) => index.search(query, { locale, limit: K }).map((h) => h.id);
    },
  },
  {
    name: 'minisearch',
    async build(docs) {
      const byLocale = new Map<string, MiniSearch>();
      for (const d of docs) {
        let ms = byLocale.get(d.locale);
        if (!ms) byLocale.set(d.locale, (ms = new MiniSearch({ fields: ['title', 'body'] })));
        ms.add({ id: d.id, title: d.title, body: d.body });
      }
      return (query, locale) => (byLocale.get(locale)?.search(query) ?? []).slice(0, K).map((r) => String(r.id));
    },
  },
  {
    name: 'orama',
    async build(docs) {
      const byLocale = new Map<string, SearchDocument[]>();
      for (const d of docs) byLocale.set(d.locale, [...(byLocale.get(d.locale) ?? []), d]);
      const dbs = new Map<string, ReturnType<typeof oramaDb>>();
      for (const [locale, list] of byLocale) {
        const db = oramaDb();
        await insertMultiple(db, list.map((d) => ({ id: d.id, title: d.title, body: d.body })));
        dbs.set(locale, db);
      }
      return async (query, locale) => {
        const db = dbs.get(locale);
        if (!db) return [];
        const res = await oramaSearch(db, { term: query, limit: K });
        return res.hits.map((h) => String(h.document.id));
      };
    },
  },
];

function oramaDb() {
  return create({ schema: { id: 'string', title: 'string', body: 'string' } as const });
}

function metrics(ranked: string[], relevant: Record<string, number>) {
  const grades = Object.values(relevant);
  if (grades.length === 0) {
    const ok = ranked.length === 0 ? 1 : 0;
    return { ndcg: ok, recall: ok, mrr: ok, answerable: false };
  }
  const top = ranked.slice(0, K);
  const dcg = top.reduce((s, id, i) => s + (2 ** (relevant[id] ?? 0) - 1) / Math.log2(i + 2), 0);
  const ideal = [...grades].sort((a, b) => b - a).slice(0, K).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const found = top.filter((id) => (relevant[id] ?? 0) > 0).length;
  const first = top.findIndex((id) => relevant[id] === 2);
  return { ndcg: dcg / ideal, recall: found / grades.length, mrr: first === -1 ? 0 : 1 / (first + 1), answerable: true };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const r3 = (n: number) => Math.round(n * 1000) / 1000;
const r2 = (n: number) => Math.round(n * 100) / 100;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function printTable(rows: Record<string, string | number>[]): void {
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(width.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

/** Deterministic PRNG so every run measures the same corpus. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 10,000 articles: sentences of the labeled articles of each locale recombined, plus made-up
 * product words in the locale's script so the vocabulary grows as a real help center's does.
 */
export function generateCorpus(rel: Relevance, total: number): SearchDocument[] {
  const rand = mulberry32(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  const docs: SearchDocument[] = [];
  const perLocale = Math.ceil(total / rel.locales.length);
  for (const locale of rel.locales) {
    const tr = rel.articles.map((a) => a.translations[locale]!);
    const sentences = tr.flatMap((t) => t.body.split(/(?<=[.!?。！？])\s*/u).filter(Boolean));
    const cjk = locale.startsWith('zh');
    const letters = cjk
      ? [...new Set(tr.flatMap((t) => [...t.body].filter((c) => /\p{Script=Han}/u.test(c))))]
      : locale === 'en'
        ? [...'abcdefghijklmnopqrstuvwxyz']
        : [...'абвгдежзиклмнопрстуфхцчшыэюя'];
    const word = () => Array.from({ length: cjk ? 2 : 4 + Math.floor(rand() * 6) }, () => pick(letters)).join('');
    const sep = cjk ? '' : ' ';
    for (let i = 0; i < perLocale && docs.length < total; i++) {
      const body = Array.from({ length: 3 + Math.floor(rand() * 5) }, () => `${pick(sentences)}${sep}${word()}${cjk ? '。' : '.'}`).join(sep);
      docs.push({ id: `gen-${locale}-${i}`, locale, title: `${pick(tr).title}${sep}${word()}`, body });
    }
  }
  return docs;
}

export async function run(): Promise<void> {
  const rel = JSON.parse(fs.readFileSync(path.join(here, 'data', 'search-relevance.json'), 'utf8')) as Relevance;
  const docs: SearchDocument[] = rel.articles.flatMap((a) =>
    rel.locales.map((locale) => ({ id: a.id, locale, collection: a.collection, ...a.translations[locale]! })),
  );

  const relevance: Record<string, string | number>[] = [];
  const perQuery: Record<string, unknown>[] = [];
  for (const engine of engines) {
    const searchFn = await engine.build(docs);
    for (const locale of rel.locales) {
      const scores = [];
      for (const q of rel.queries.filter((x) => x.locale === locale)) {
        const ranked = await searchFn(q.query, locale);
        const m = metrics(ranked, q.relevant);
        scores.push(m);
        perQuery.push({ engine: engine.name, locale, kind: q.kind, query: q.query, top: ranked.slice(0, K), ndcg: r3(m.ndcg) });
      }
      relevance.push({
        engine: engine.name,
        locale,
        queries: scores.length,
        'nDCG@5': r3(mean(scores.map((s) => s.ndcg))),
        'Recall@5': r3(mean(scores.map((s) => s.recall))),
        MRR: r3(mean(scores.map((s) => s.mrr))),
        'nDCG@5 answerable': r3(mean(scores.filter((s) => s.answerable).map((s) => s.ndcg))),
      });
    }
  }
  console.log(`Relevance (${rel.articles.length} articles × ${rel.locales.length} locales, ${rel.queries.length} queries)`);
  printTable(relevance);

  const corpus = generateCorpus(rel, CORPUS);
  const latency: Record<string, string | number>[] = [];
  for (const engine of engines) {
    const t0 = performance.now();
    const searchFn = await engine.build(corpus);
    const buildMs = performance.now() - t0;
    for (const q of rel.queries) await searchFn(q.query, q.locale); // warm up
    // Wall time is what a reader waits; CPU time of this process is shown beside it because the
    // machine may be shared, and other processes' load inflates wall time but not CPU time.
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      for (const q of rel.queries) {
        const c = process.cpuUsage();
        const s = performance.now();
        await searchFn(q.query, q.locale);
        times.push(performance.now() - s);
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    times.sort((a, b) => a - b);
    cpu.sort((a, b) => a - b);
    latency.push({
      engine: engine.name,
      articles: corpus.length,
      'build ms': Math.round(buildMs),
      'p50 ms': r2(percentile(times, 50)),
      'p95 ms': r2(percentile(times, 95)),
      'cpu p50 ms': r2(percentile(cpu, 50)),
      'cpu p95 ms': r2(percentile(cpu, 95)),
      queries: times.length,
    });
  }
  console.log(`\nLatency (generated corpus of ${corpus.length} articles; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs)`);
  printTable(latency);

  const dir = path.join(here, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'search.json');
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, loadavg: os.loadavg(), cpus: os.cpus().length, relevance, latency, perQuery }, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
}
