import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { useAction } from './settings.ts';
import type { ConversationReplay, ConversationReplayEvents, ReplaySettings } from './types.ts';

const settingsKey = ['replay', 'settings'];
export const useReplaySettings = () => useQuery({ queryKey: settingsKey, queryFn: () => api.get<ReplaySettings>('/api/app/replay/settings') });
export const useUpdateReplaySettings = () =>
  useAction((b: Partial<ReplaySettings>) => api.patch<ReplaySettings>('/api/app/replay/settings', b), [settingsKey]);

/** Whether the minutes before this conversation were recorded. */
export const useConversationReplay = (conversationId: string) =>
  useQuery({ queryKey: ['replay', 'conversation', conversationId], queryFn: () => api.get<ConversationReplay>(`/api/app/conversations/${conversationId}/replay`) });

/** The recorded events, fetched only when the player opens. */
export const useReplayEvents = (conversationId: string, enabled: boolean) =>
  useQuery({
    queryKey: ['replay', 'events', conversationId],
    queryFn: () => api.get<ConversationReplayEvents>(`/api/app/conversations/${conversationId}/replay/events`),
    enabled,
  });
