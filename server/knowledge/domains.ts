import { isNotNull } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { helpCenters } from './schema.ts';

/**
 * Custom Help Center domains: a request whose Host is a workspace's own domain is routed to that
 * workspace's Help Center (`/en/…` → `/help/<slug>/en/…`). Routing happens before any async
 * work, so every node keeps the domain → slug map in memory, loaded at start and reloaded when a
 * domain changes anywhere (broadcast event).
 */
export function createDomains(ctx: Ctx, workspaces: WorkspacesService) {
  let bySlug = new Map<string, string>();

  async function load(): Promise<void> {
    const list = await ctx.db
      .select({ domain: helpCenters.customDomain, workspaceId: helpCenters.workspaceId })
      .from(helpCenters)
      .where(isNotNull(helpCenters.customDomain));
    const next = new Map<string, string>();
    for (const r of list) next.set(r.domain!, (await workspaces.settings(r.workspaceId)).slug);
    bySlug = next;
  }
  ctx.bus.onBroadcast('help_center.domain_changed', () => load());

  return {
    load,
    /** The URL to route: a custom domain's path under its Help Center, anything else unchanged. */
    rewrite(host: string | undefined, url: string): string {
      if (!host || bySlug.size === 0) return url;
      const slug = bySlug.get(host.replace(/:\d+$/, '').toLowerCase());
      // Uploaded images are addressed the same on every host. Any other path, `/help/<slug>/…`
      // included, is this Help Center's: another workspace's pages never appear on this domain.
      if (!slug || url.startsWith('/help/files/')) return url;
      return `/help/${encodeURIComponent(slug)}${url === '/' ? '' : url}`;
    },
  };
}
