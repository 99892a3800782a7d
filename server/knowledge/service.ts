import type { Article, ArticleFromReply, CollectionUpdate, HelpCenterSettingsUpdate } from '../../contracts/knowledge.ts';
import type { ContactsService } from '../contacts/service.ts';
import type { InboxService } from '../inbox/service.ts';
import { domainEvent, type Ctx } from '../platform/context.ts';
import { badField } from '../platform/errors.ts';
import { draftLocale, replyDraft, type ThreadMessage } from './reply-draft.ts';
import type { WorkspacesService } from '../workspaces/service.ts';
import { knowledgeAnalytics } from './analytics.ts';
import { createArticles, type ArticleChange } from './articles.ts';
import { loadCatalog, type CatalogOptions } from './catalog.ts';
import { createCollections } from './collections.ts';
import { seedKnowledgeDemo } from './demo.ts';
import { createDomains } from './domains.ts';
import { createFeedback } from './feedback.ts';
import { renderMarkdown } from './markdown.ts';
import { createSearchService } from './search-service.ts';
import { createHelpCenterSettings } from './settings.ts';
import { createUploads } from './uploads.ts';

/**
 * The knowledge base: collections, articles with per-locale drafts, published snapshots and
 * revisions, the search over published articles, reader feedback and uploaded images. Every
 * method takes the caller's workspace id; changes to what readers see go out as domain events
 * after commit (the search indexes of every node listen to them).
 */
export function createKnowledgeService(ctx: Ctx, deps: { workspaces: WorkspacesService; inbox: InboxService; contacts: ContactsService }) {
  const settingsStore = createHelpCenterSettings(ctx, deps.workspaces);
  const domains = createDomains(ctx, deps.workspaces);
  // This node routes a new domain at once; the others follow from the broadcast event.
  const settings = {
    ...settingsStore,
    async update(workspaceId: string, patch: HelpCenterSettingsUpdate) {
      const hc = await settingsStore.update(workspaceId, patch);
      if (patch.custom_domain !== undefined) await domains.load();
      return hc;
    },
  };

  async function checkLocales(workspaceId: string, locales: string[], field: string): Promise<void> {
    const { locales: allowed } = await settings.get(workspaceId);
    for (const l of locales) {
      if (!allowed.includes(l)) {
        throw badField(field.startsWith('params') ? field : `${field}.${l}`, `This Help Center is not in ${l}; it offers ${allowed.join(', ')}`);
      }
    }
  }

  const publish = async (workspaceId: string, type: string, data: Record<string, unknown>) => {
    await ctx.bus.publish(domainEvent(type, workspaceId, data));
  };

  const search = createSearchService(ctx, settings);
  const articles = createArticles({
    db: ctx.db,
    checkLocales,
    async urlOf(workspaceId) {
      const hc = await settings.get(workspaceId);
      return (locale, slug) => `${hc.baseUrl}/${encodeURIComponent(locale)}/articles/${encodeURIComponent(slug)}`;
    },
    async changed(workspaceId, changes: ArticleChange[]) {
      for (const c of changes) {
        await publish(workspaceId, c.type, c.type === 'article.deleted' ? { article_id: c.articleId } : { article_id: c.articleId, locale: c.locale });
        await search.refresh(workspaceId, c.articleId);
      }
    },
  });

  const collectionStore = createCollections(ctx.db, checkLocales);
  // Renames and deletions change what the search index holds under each article's collection.
  const collections = {
    ...collectionStore,
    async update(workspaceId: string, id: string, patch: CollectionUpdate) {
      const c = await collectionStore.update(workspaceId, id, patch);
      await publish(workspaceId, 'collection.updated', { collection_id: id });
      search.forget(workspaceId);
      return c;
    },
    async delete(workspaceId: string, id: string) {
      await collectionStore.delete(workspaceId, id);
      await publish(workspaceId, 'collection.updated', { collection_id: id });
      search.forget(workspaceId);
    },
  };

  /**
   * A draft article from an agent's reply, in the conversation's locale, linked back to it; the
   * same reply asked again gives the article it already became.
   */
  async function fromReply(workspaceId: string, agentId: string, input: ArticleFromReply): Promise<{ article: Article; created: boolean }> {
    const made = await articles.fromSource(workspaceId, input.message_id);
    if (made) return { article: made, created: false };
    const actor = { kind: 'agent', agentId } as const;
    const conversation = await deps.inbox.get(workspaceId, input.conversation_id, actor);
    const thread: ThreadMessage[] = [];
    for (let after = 0, more = true; more && !thread.some((m) => m.id === input.message_id); ) {
      const page = await deps.inbox.messages(workspaceId, conversation.id, actor, { after_seq: after, limit: 500 });
      thread.push(...page.data);
      after = page.data.at(-1)?.seq ?? after;
      more = page.has_more;
    }
    const contact = await deps.contacts.getContact(workspaceId, conversation.contact_id);
    const hc = await settings.get(workspaceId);
    const reply = thread.find((m) => m.id === input.message_id);
    const locale = draftLocale(hc.locales, hc.defaultLocale, contact.locale, thread.filter((m) => m.author_type === 'contact').map((m) => m.body).join('\n'));
    const draft = replyDraft(thread, input.message_id, locale);
    if (!draft) throw badField('body.message_id', reply ? "is the customer's message; choose a reply of the team" : 'is not a message of this conversation');
    const article = await articles.create(
      workspaceId,
      { translations: { [locale]: { title: draft.title.slice(0, 250), body: draft.body } } },
      agentId,
      { conversationId: conversation.id, messageId: input.message_id },
    );
    return { article, created: true };
  }

  const feedback = createFeedback(ctx.db);
  ctx.jobs.define('knowledge.prune', () => feedback.prune(), { cron: '37 3 * * *', retryLimit: 2 });

  return {
    settings,
    domains,
    collections,
    articles,
    fromReply,
    search,
    feedback,
    uploads: createUploads(ctx),
    /** The preview the editor shows: the same renderer as the published page. */
    render: renderMarkdown,
    catalog: (workspaceId: string, opts?: CatalogOptions) => loadCatalog(ctx.db, workspaceId, opts),
    async analytics(workspaceId: string, days: number) {
      const hc = await settings.get(workspaceId);
      const answers = async (question: string, locale: string) => (await search.search(workspaceId, question, { locale, limit: 1 })).length;
      return knowledgeAnalytics({ db: ctx.db, locales: hc.locales, defaultLocale: hc.defaultLocale, answers }, workspaceId, days);
    },
    seedDemo: (workspaceId: string) => seedKnowledgeDemo({ collections, articles }, workspaceId),
  };
}

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;
