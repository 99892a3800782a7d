import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Article, ArticlePage, Collection, HelpCenterSettings, KnowledgeAnalytics, Revision, SearchResult, Upload } from './types.ts';

/** The knowledge base's REST v1 routes (called with the session) and the dashboard-only ones. */

const articlesKey = ['knowledge', 'articles'];
const collectionsKey = ['knowledge', 'collections'];
export const articleKey = (id: string) => ['knowledge', 'article', id];

export const useHelpCenterSettings = () =>
  useQuery({ queryKey: ['knowledge', 'settings'], queryFn: () => api.get<HelpCenterSettings>('/api/app/knowledge/settings') });

export const useCollections = () =>
  useQuery({ queryKey: collectionsKey, queryFn: async () => (await api.get<{ data: Collection[] }>('/api/v1/collections')).data });

/** Every article of the workspace, page after page: knowledge bases are hundreds of articles, not millions. */
export const useArticles = () =>
  useQuery({
    queryKey: articlesKey,
    queryFn: async () => {
      const all: Article[] = [];
      let cursor: string | null = null;
      do {
        const page: ArticlePage = await api.get<ArticlePage>('/api/v1/articles', { limit: 100, cursor: cursor ?? undefined });
        all.push(...page.data);
        cursor = page.next_cursor;
      } while (cursor);
      return all;
    },
  });

export const useArticle = (id: string) => useQuery({ queryKey: articleKey(id), queryFn: () => api.get<Article>(`/api/v1/articles/${id}`) });

export const useRevisions = (id: string, locale: string, enabled: boolean) =>
  useQuery({
    queryKey: [...articleKey(id), 'revisions', locale],
    queryFn: async () => (await api.get<{ data: Revision[] }>(`/api/v1/articles/${id}/translations/${locale}/revisions`)).data,
    enabled,
  });

function useKnowledgeAction<V, R>(fn: (v: V) => Promise<R>, silent = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (result) => {
      if (result && typeof result === 'object' && 'translations' in result && 'id' in result) {
        qc.setQueryData(articleKey(String(result.id)), result);
      }
      return qc.invalidateQueries({ queryKey: ['knowledge'] });
    },
    meta: { silent },
  });
}

export interface CollectionInput {
  parent_id?: string | null;
  translations: Record<string, { name: string; description: string }>;
}
export const useCreateCollection = () => useKnowledgeAction((b: CollectionInput) => api.post<Collection>('/api/v1/collections', b), true);
export const useUpdateCollection = () =>
  useKnowledgeAction((v: { id: string } & Partial<CollectionInput>) => api.patch<Collection>(`/api/v1/collections/${v.id}`, { parent_id: v.parent_id, translations: v.translations }), true);
export const useDeleteCollection = () => useKnowledgeAction((id: string) => api.delete(`/api/v1/collections/${id}`));

export const useCreateArticle = () =>
  useKnowledgeAction((b: { collection_id: string | null; translations: Record<string, { title: string }> }) => api.post<Article>('/api/v1/articles', b), true);
/** "Turn this reply into an article": a draft in the conversation's locale (or the one this reply already became). */
export const useArticleFromReply = () =>
  useKnowledgeAction((b: { conversation_id: string; message_id: string }) => api.post<Article>('/api/app/knowledge/articles/from-reply', b));
export const useUpdateArticle = () =>
  useKnowledgeAction((v: { id: string; collection_id?: string | null; video_url?: string | null; tour_id?: string | null }) => {
    const { id, ...patch } = v;
    return api.patch<Article>(`/api/v1/articles/${id}`, patch);
  }, true);
export const useDeleteArticle = () => useKnowledgeAction((id: string) => api.delete(`/api/v1/articles/${id}`));

export interface TranslationDraft {
  title: string;
  slug?: string;
  description: string;
  body: string;
}
export const useSaveTranslation = () =>
  useKnowledgeAction((v: { id: string; locale: string; draft: TranslationDraft }) => api.put<Article>(`/api/v1/articles/${v.id}/translations/${v.locale}`, v.draft), true);
export const usePublish = () =>
  useKnowledgeAction((v: { id: string; locale: string; publish: boolean }) =>
    api.post<Article>(`/api/v1/articles/${v.id}/translations/${v.locale}/${v.publish ? 'publish' : 'unpublish'}`),
  );
export const useRestoreRevision = () =>
  useKnowledgeAction((v: { id: string; locale: string; revisionId: string }) =>
    api.post<Article>(`/api/v1/articles/${v.id}/translations/${v.locale}/revisions/${v.revisionId}/restore`),
  );

export const renderPreview = (body: string) => api.post<{ html: string }>('/api/app/knowledge/preview', { body });

export function uploadImage(file: File): Promise<Upload> {
  const form = new FormData();
  form.append('file', file);
  return api.post<Upload>('/api/app/knowledge/uploads', form);
}

export const useKnowledgeAnalytics = (days: number) =>
  useQuery({ queryKey: ['knowledge', 'analytics', days], queryFn: () => api.get<KnowledgeAnalytics>('/api/app/knowledge/analytics', { days }) });

export const useArticleSearch = (q: string, locale: string) =>
  useQuery({
    queryKey: ['knowledge', 'search', q, locale],
    queryFn: async () => (await api.get<{ data: SearchResult[] }>('/api/v1/articles/search', { q, locale, limit: 20 })).data,
    enabled: q.trim().length > 0,
  });

export interface HelpCenterSettingsInput {
  locales?: string[];
  title?: string | null;
  logo_url?: string | null;
  brand_color?: string | null;
  header_links?: { label: string; url: string }[];
  custom_domain?: string | null;
}
export const useUpdateHelpCenterSettings = () =>
  useKnowledgeAction((b: HelpCenterSettingsInput) => api.patch<HelpCenterSettings>('/api/app/knowledge/settings', b), true);
