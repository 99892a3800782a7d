import type { KnowledgeService } from '../knowledge/service.ts';
import { createWidgetHelp } from '../knowledge/widget-help.ts';
import type { Ctx } from '../platform/context.ts';
import { compilePattern } from './select.ts';

export interface SuggestedArticle {
  id: string;
  title: string;
  url: string;
}

/**
 * The Help Center article the admins suggest for a page of the product (Knowledge → page
 * suggestions, the first published article of the first rule matching the path), in the reader's
 * language when the Help Center has it: what a "Stuck? Here is how to …" message links to.
 */
export function createArticleSuggestions(ctx: Ctx, knowledge: KnowledgeService) {
  const help = createWidgetHelp(ctx, knowledge);
  return async function suggestedArticle(ws: string, path: string, wanted: string | undefined): Promise<SuggestedArticle | null> {
    const ids = (await help.rules(ws)).filter((r) => compilePattern(r.pattern).test(path)).flatMap((r) => r.article_ids);
    if (ids.length === 0) return null;
    const { hc, locale } = await help.readerLocale(ws, wanted);
    const catalog = await knowledge.catalog(ws, { locales: hc.locales });
    for (const id of ids) {
      const article = catalog.articles.find((a) => a.id === id);
      if (!article) continue;
      const t = article.translations.get(locale) ?? article.translations.get(hc.defaultLocale) ?? [...article.translations.values()][0]!;
      return { id, title: t.title, url: `${hc.baseUrl}/${encodeURIComponent(t.locale)}/articles/${encodeURIComponent(t.slug)}` };
    }
    return null;
  };
}
