import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { DEFAULT_HELP_LOCALES, type HelpCenterSettings, type HelpCenterSettingsUpdate } from '../../contracts/knowledge.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import { badField } from '../platform/errors.ts';
import { isUniqueViolation } from '../platform/db-errors.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { helpCenters } from './schema.ts';

export interface HelpCenter {
  workspaceId: string;
  slug: string;
  name: string;
  defaultLocale: string;
  /** Default locale first. */
  locales: string[];
  title: string;
  logoUrl: string | null;
  brandColor: string | null;
  headerLinks: { label: string; url: string }[];
  /** Public base URL: https://baton.example.com/help/acme-1a2b3c, or the custom domain's root */
  baseUrl: string;
  customDomain: string | null;
  /** Signs the Help Center's anonymous forms; derived from the workspace's secret, so every node agrees. */
  formKey: Buffer;
}

/** Help Center settings: locales offered, theme (logo, colour, header links). */
export function createHelpCenterSettings(ctx: Ctx, workspaces: WorkspacesService) {
  async function load(ws: { id: string; slug: string; name: string; defaultLocale: string; identitySecret: string }): Promise<HelpCenter> {
    const [row] = await ctx.db.select().from(helpCenters).where(eq(helpCenters.workspaceId, ws.id));
    const configured = row?.locales ?? [...DEFAULT_HELP_LOCALES];
    return {
      workspaceId: ws.id,
      slug: ws.slug,
      name: ws.name,
      defaultLocale: ws.defaultLocale,
      locales: [ws.defaultLocale, ...configured.filter((l) => l !== ws.defaultLocale)],
      title: row?.title ?? ws.name,
      logoUrl: row?.logoUrl ?? null,
      brandColor: row?.brandColor ?? null,
      headerLinks: row?.headerLinks ?? [],
      // A custom domain is served with the scheme Baton itself is reached with (TLS is the proxy's job).
      baseUrl: row?.customDomain
        ? `${new URL(ctx.config.publicUrl).protocol}//${row.customDomain}`
        : `${ctx.config.publicUrl}/help/${encodeURIComponent(ws.slug)}`,
      customDomain: row?.customDomain ?? null,
      formKey: createHmac('sha256', ws.identitySecret).update('baton help-center forms').digest(),
    };
  }

  async function get(workspaceId: string): Promise<HelpCenter> {
    const ws = await workspaces.get(workspaceId);
    return load(ws);
  }

  return {
    get,
    /** The Help Center a public URL names, or null. */
    async bySlug(slug: string): Promise<HelpCenter | null> {
      const ws = await workspaces.findBySlug(slug);
      return ws ? load(ws) : null;
    },
    async update(workspaceId: string, patch: HelpCenterSettingsUpdate): Promise<HelpCenter> {
      const current = await get(workspaceId);
      if (patch.custom_domain && patch.custom_domain === new URL(ctx.config.publicUrl).hostname) {
        throw badField('body.custom_domain', 'This is Baton’s own address; use a host name of your own');
      }
      const next = {
        locales: patch.locales ? [...new Set(patch.locales)] : current.locales,
        title: patch.title === undefined ? (current.title === current.name ? null : current.title) : patch.title,
        logoUrl: patch.logo_url === undefined ? current.logoUrl : patch.logo_url,
        brandColor: patch.brand_color === undefined ? current.brandColor : patch.brand_color,
        headerLinks: patch.header_links ?? current.headerLinks,
        customDomain: patch.custom_domain === undefined ? current.customDomain : patch.custom_domain,
        updatedAt: new Date(),
      };
      try {
        await ctx.db
          .insert(helpCenters)
          .values({ workspaceId, ...next })
          .onConflictDoUpdate({ target: helpCenters.workspaceId, set: next });
      } catch (err) {
        if (isUniqueViolation(err)) throw badField('body.custom_domain', 'Another Help Center already uses this domain');
        throw err;
      }
      if (next.customDomain !== current.customDomain) await ctx.bus.publish(domainEvent('help_center.domain_changed', workspaceId, { custom_domain: next.customDomain }));
      return get(workspaceId);
    },
  };
}

export type HelpCenterSettingsStore = ReturnType<typeof createHelpCenterSettings>;

export function presentSettings(hc: HelpCenter): HelpCenterSettings {
  return {
    locales: hc.locales,
    default_locale: hc.defaultLocale,
    title: hc.title,
    logo_url: hc.logoUrl,
    brand_color: hc.brandColor,
    header_links: hc.headerLinks,
    custom_domain: hc.customDomain,
    url: `${hc.baseUrl}/${hc.defaultLocale}/`,
  };
}
