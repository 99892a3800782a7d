import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { useAction } from './settings.ts';
import type { AgentNotification, ConversationCounts, Note, RenderedReply, SavedReply, Tag } from './types.ts';

/** Notes, tags, saved replies, notifications, presence and view counts of the Inbox. */

export const notesKey = (id: string) => ['conversation', id, 'notes'] as const;
export const useNotes = (id: string) =>
  useQuery({ queryKey: notesKey(id), queryFn: async () => (await api.get<{ data: Note[] }>(`/api/v1/conversations/${id}/notes`)).data });
export const useCreateNote = (id: string) =>
  useAction((v: { body: string; mention_ids: string[] }) => api.post<Note>(`/api/v1/conversations/${id}/notes`, v), [[...notesKey(id)]]);

export const tagsKey = ['tags'] as const;
export const useTags = () => useQuery({ queryKey: tagsKey, queryFn: async () => (await api.get<{ data: Tag[] }>('/api/v1/tags')).data });
export const useCreateTag = () => useAction((v: { name: string; color?: string }) => api.post<Tag>('/api/v1/tags', v), [[...tagsKey]]);
export const useDeleteTag = () => useAction((id: string) => api.delete(`/api/v1/tags/${id}`), [[...tagsKey], ['conversations']]);
export const useConversationTag = (conversationId: string) =>
  useAction(
    (v: { tagId: string; on: boolean }) =>
      v.on ? api.put(`/api/v1/conversations/${conversationId}/tags/${v.tagId}`, undefined) : api.delete(`/api/v1/conversations/${conversationId}/tags/${v.tagId}`),
    [['conversation', conversationId], ['conversations'], [...tagsKey]],
  );

export const repliesKey = ['saved-replies'] as const;
export const useSavedReplies = () =>
  useQuery({ queryKey: repliesKey, queryFn: async () => (await api.get<{ data: SavedReply[] }>('/api/v1/saved-replies')).data });
type ReplyInput = { name: string; body: string; translations: Record<string, string> };
export const useCreateSavedReply = () => useAction((v: ReplyInput) => api.post<SavedReply>('/api/v1/saved-replies', v), [[...repliesKey]]);
export const useUpdateSavedReply = () =>
  useAction((v: ReplyInput & { id: string }) => api.patch<SavedReply>(`/api/v1/saved-replies/${v.id}`, { name: v.name, body: v.body, translations: v.translations }), [[...repliesKey]]);
export const useDeleteSavedReply = () => useAction((id: string) => api.delete(`/api/v1/saved-replies/${id}`), [[...repliesKey]]);
export const renderSavedReply = (conversationId: string, replyId: string) =>
  api.get<RenderedReply>(`/api/v1/conversations/${conversationId}/saved-replies/${replyId}`);

export const notificationsKey = ['notifications'] as const;
export const useNotifications = () =>
  useQuery({ queryKey: notificationsKey, queryFn: () => api.get<{ data: AgentNotification[]; unread: number }>('/api/v1/notifications') });
export const useMarkNotificationsRead = () => useAction((ids?: string[]) => api.post('/api/v1/notifications/read', ids ? { ids } : {}), [[...notificationsKey]], true);

export type PresenceStatus = 'online' | 'away' | 'offline';
export const presenceKey = ['presence'] as const;
export const usePresence = () =>
  useQuery({ queryKey: presenceKey, queryFn: async () => (await api.get<{ data: { agent_id: string; status: PresenceStatus }[] }>('/api/v1/presence')).data });
export const setPresence = (status: 'online' | 'away') => api.put('/api/v1/presence/me', { status });

export const useCounts = () =>
  useQuery({ queryKey: ['conversations', 'counts'], queryFn: () => api.get<ConversationCounts>('/api/v1/conversations/counts') });
