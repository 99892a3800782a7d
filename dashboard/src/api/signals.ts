import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import { useAction } from './settings.ts';
import type { ContactSignals, SignalSettings } from './types.ts';

const settingsKey = ['signals', 'settings'];
export const useSignalSettings = () => useQuery({ queryKey: settingsKey, queryFn: () => api.get<SignalSettings>('/api/app/signals/settings') });
export const useUpdateSignalSettings = () =>
  useAction((b: Partial<SignalSettings>) => api.patch<SignalSettings>('/api/app/signals/settings', b), [settingsKey]);

/** A contact's frustration signals of the last days, for the Inbox's side bar. */
export const useContactSignals = (contactId: string) =>
  useQuery({ queryKey: ['signals', 'contact', contactId], queryFn: () => api.get<ContactSignals>(`/api/app/contacts/${contactId}/signals`), refetchInterval: 30_000 });
