import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { EmailChannelInfo } from './types.ts';

export const useEmailChannel = () => useQuery({ queryKey: ['email-channel'], queryFn: () => api.get<EmailChannelInfo>('/api/v1/email-channel') });
