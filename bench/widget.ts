import { execSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { printTable, round, writeResults } from './lib.ts';

/**
 * `npm run bench -- widget`: what a customer's page downloads for the Messenger, gzip and
 * brotli — the loader every page gets, and what opening a chat adds — against a baseline built
 * in the same run (the smallest Preact app that renders one element, minified the same way), so
 * the ratio says what the widget itself adds. Peers' sizes are their published figures, not
 * measured here.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist/widget');

/** Published widget sizes (gzip) of the products people compare with; reference lines only. */
const PUBLISHED = [
  { bundle: 'published: Chatwoot widget', gzip_kb: 170 },
  { bundle: 'published: Intercom Messenger', gzip_kb: 200 },
];

const sizes = (...files: Array<Buffer | string>) => {
  let raw = 0;
  let gzip = 0;
  let brotli = 0;
  // Each file is its own download, compressed on its own.
  for (const f of files) {
    const buf = Buffer.from(f);
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
    brotli += brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { files: files.length, raw_kb: round(raw / 1024, 2), gzip_kb: round(gzip / 1024, 2), brotli_kb: round(brotli / 1024, 2) };
};

export async function run(): Promise<void> {
  execSync('npx vite build --config widget/vite.config.ts', { cwd: root, stdio: 'ignore' });
  const loader = fs.readFileSync(path.join(dist, 'widget.js'));
  const closures = JSON.parse(fs.readFileSync(path.join(dist, 'chunks.json'), 'utf8')) as Record<string, string[]>;
  const chunk = (name: string) => (closures[name] ?? []).map((f) => fs.readFileSync(path.join(dist, 'chunks', f)));
  const baseline = await build({
    stdin: { contents: "import { h, render } from 'preact'; render(h('div', null, 'hi'), document.body);", resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'iife',
    target: 'es2019',
    logLevel: 'silent',
  });
  const preact = sizes(baseline.outputFiles[0]!.text);
  const measured = [
    { bundle: 'widget.js loader (every page; budget 4 KB)', ...sizes(loader) },
    { bundle: 'loader + messenger: open a chat (budget 35 KB)', ...sizes(loader, ...chunk('messenger')) },
    { bundle: 'help chunk with its imports (help links on a page)', ...sizes(...chunk('help')) },
    ...(closures.engagement ? [{ bundle: 'engagement chunk with its imports (budget 15 KB)', ...sizes(...chunk('engagement')) }] : []),
    { bundle: 'signals chunk with its imports (budget 5 KB)', ...sizes(...chunk('signals')) },
    { bundle: 'replay recorder (rrweb; consenting contacts only; budget 60 KB)', ...sizes(...chunk('recorder')) },
    { bundle: 'baseline: minimal Preact app', ...preact },
  ];
  const rows = [
    ...measured.map((r) => ({ ...r, gzip_vs_baseline: round(r.gzip_kb / preact.gzip_kb, 1) })),
    ...PUBLISHED.map((p) => ({ bundle: p.bundle, files: '', raw_kb: '', gzip_kb: p.gzip_kb, brotli_kb: '', gzip_vs_baseline: round(p.gzip_kb / preact.gzip_kb, 1) })),
  ];
  printTable(rows);
  console.log('Budgets are enforced by widget/vite.config.ts. Peer figures are published sizes, not measured in this run.');
  console.log(`Wrote ${writeResults('widget', { at: new Date().toISOString(), rows })}`);
}
