/**
 * `npm run bench -- <name>`: runs bench/<name>.ts. Each writes bench/results/<name>.json.
 * BENCH_DRIVER=pglite|postgres runs one database only; DATABASE_URL picks the PostgreSQL server.
 */
const BENCHES = {
  ingest: () => import('./ingest.ts'),
  contacts: () => import('./contacts.ts'),
  search: () => import('./search.ts'),
  experiments: () => import('./experiments.ts'),
  widget: () => import('./widget.ts'),
  engagement: () => import('./engagement.ts'),
  chat: () => import('./chat.ts'),
  insights: () => import('./insights.ts'),
} as const;

const name = process.argv[2] as keyof typeof BENCHES | undefined;
if (!name || !Object.hasOwn(BENCHES, name)) {
  console.error(`Usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(2);
}
const { run } = await BENCHES[name]();
await run();
process.exit(0);
