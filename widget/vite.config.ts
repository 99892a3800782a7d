import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defineConfig, type Plugin, type Rollup, type UserConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, '../dist/widget');
const KB = 1024;

/**
 * Gzip budgets; the build fails above them. `widget.js` is the loader every page downloads.
 * A chunk's budget covers the chunk and every chunk it imports (what fetching it costs); the
 * Messenger's also counts the loader, since that is everything a page needs to open a chat.
 */
export const BUDGETS = {
  loader: 4 * KB,
  messenger: 35 * KB,
  help: 12 * KB,
  engagement: 15 * KB,
  signals: 5 * KB,
  /**
   * rrweb's recorder, fetched by the signals chunk only for a consenting contact. rrweb 2.2.2 ships
   * one bundle whose inlined postcss (needed only to replay) does not shake out.
   */
  recorder: 60 * KB,
} as const;

/**
 * The chunks the loader fetches on demand (widget/src/loader/chunks.ts). The engagement chunk
 * is built once its surface exists: `widget/src/engagement/surface.ts`, whose default export
 * is a `SurfaceFactory`.
 */
const CHUNK_ENTRIES: Record<string, string> = {
  messenger: 'src/messenger/surface.tsx',
  help: 'src/help/surface.ts',
  engagement: 'src/engagement/surface.ts',
  signals: 'src/signals/chunk.ts',
};

const gzipSize = (code: string) => gzipSync(code, { level: 9 }).length;
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;

// Production JSX also when a test run (NODE_ENV=test) builds it: no dev runtime with source locations.
const oxc: UserConfig['oxc'] = { jsx: { runtime: 'automatic', importSource: 'preact', development: false } };

/** Sizes of the chunk build; checked against the budgets once the loader's size is known too. */
const chunkSizes: { entries: Record<string, string>; closure: Record<string, number>; files: Record<string, string[]> } = { entries: {}, closure: {}, files: {} };

function collectChunks(): Plugin {
  return {
    name: 'baton-widget-chunks',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, Rollup.OutputChunk>();
      for (const c of Object.values(bundle)) if (c.type === 'chunk') chunks.set(c.fileName, c);
      const closure = (file: string, seen = new Set<string>()): Set<string> => {
        if (seen.has(file)) return seen;
        seen.add(file);
        for (const dep of chunks.get(file)?.imports ?? []) closure(dep, seen);
        return seen;
      };
      for (const c of chunks.values()) {
        // A chunk another chunk imports on demand (replay's recorder) has a budget, not a name in the loader.
        const budgeted = c.isDynamicEntry && c.name in BUDGETS;
        if (!c.isEntry && !budgeted) continue;
        const files = [...closure(c.fileName)];
        if (c.isEntry) chunkSizes.entries[c.name] = path.basename(c.fileName);
        chunkSizes.files[c.name] = files;
        chunkSizes.closure[c.name] = files.reduce((n, f) => n + gzipSize(chunks.get(f)!.code), 0);
      }
    },
    writeBundle() {
      // For `npm run bench -- widget`: each chunk and the files fetching it downloads.
      fs.writeFileSync(path.join(outDir, 'chunks.json'), `${JSON.stringify(chunkSizes.files, null, 2)}\n`);
    },
  };
}

function loaderBudget(): Plugin {
  return {
    name: 'baton-widget-size-budget',
    generateBundle(_options, bundle) {
      const loader = Object.values(bundle).find((c): c is Rollup.OutputChunk => c.type === 'chunk');
      const loaderGzip = loader ? gzipSize(loader.code) : 0;
      const lines: Array<[string, number, number]> = [['widget.js (loader)', loaderGzip, BUDGETS.loader]];
      for (const [name, size] of Object.entries(chunkSizes.closure)) {
        const budget = BUDGETS[name as keyof typeof BUDGETS];
        lines.push(name === 'messenger' ? [`loader + messenger (to open a chat)`, size + loaderGzip, budget] : [`${name} chunk with its imports`, size, budget]);
      }
      for (const [what, size, budget] of lines) {
        const line = `${what}: ${kb(size)} gzip (budget ${kb(budget)})`;
        if (size > budget) this.error(`Widget size budget exceeded — ${line}`);
        this.info(line);
      }
    },
  };
}

/** Builds the chunks first (ES modules, hashed names), so the loader can name their files. */
async function buildChunks(): Promise<Record<string, string>> {
  const input = Object.fromEntries(Object.entries(CHUNK_ENTRIES).filter(([, file]) => fs.existsSync(path.resolve(here, file))).map(([name, file]) => [name, path.resolve(here, file)]));
  await build({
    configFile: false,
    root: here,
    logLevel: 'warn',
    plugins: [collectChunks()],
    oxc,
    build: {
      outDir: path.join(outDir, 'chunks'),
      emptyOutDir: true,
      target: 'es2022',
      cssTarget: ['chrome89', 'firefox89', 'safari15'],
      minify: true,
      modulePreload: false,
      rollupOptions: {
        input,
        preserveEntrySignatures: 'exports-only',
        output: { format: 'es', entryFileNames: '[name]-[hash:6].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  // Only the hash: the loader knows each name, and every byte of it is on every customer's page.
  return Object.fromEntries(Object.entries(chunkSizes.entries).map(([name, file]) => [name, file.slice(name.length + 1, -'.js'.length)]));
}

// The loader: one classic script for customers' pages (no CSS file: styles live in the shadow root).
export default defineConfig(async (): Promise<UserConfig> => ({
  root: here,
  plugins: [loaderBudget()],
  define: { __BATON_CHUNKS__: JSON.stringify(await buildChunks()) },
  oxc,
  build: {
    outDir,
    emptyOutDir: false,
    // Native class fields and logical CSS properties: every browser with dynamic import() of
    // modules has them, and lowering them cost the loader a fifth of its budget.
    target: 'es2022',
    cssTarget: ['chrome89', 'firefox89', 'safari15'],
    minify: true,
    lib: {
      entry: path.resolve(here, 'src/main.ts'),
      formats: ['iife'],
      name: 'BatonMessenger',
      fileName: () => 'widget.js',
    },
  },
}));
