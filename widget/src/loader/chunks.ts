import type { SurfaceFactory } from '../runtime.ts';

/**
 * The parts of the widget fetched only when a page needs them. The build (widget/vite.config.ts)
 * writes each as an ES module under dist/widget/chunks/ with a content hash in its name, served
 * at /widget/chunks/ as immutable, and defines this map (name → content hash of `<name>-<hash>.js`) in the loader.
 */
export type ChunkName = 'messenger' | 'help' | 'engagement' | 'signals';

declare const __BATON_CHUNKS__: Partial<Record<ChunkName, string>>;

export async function loadChunk(base: string, name: ChunkName): Promise<SurfaceFactory> {
  const hash = __BATON_CHUNKS__[name];
  if (!hash) throw new Error(`no ${name} chunk`);
  // A module script from Baton's origin: /widget/chunks/ answers CORS for any page.
  const mod = (await import(/* @vite-ignore */ `${base}/widget/chunks/${name}-${hash}.js`)) as { default: SurfaceFactory };
  return mod.default;
}
