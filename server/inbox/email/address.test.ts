import { describe, expect, it } from 'vitest';
import { messageIds, parseRecipient, replyAddress, verifiedConversation } from './address.ts';

const conv = '0193a3c1-7b2e-7c00-8a00-123456789abc';
const secret = 'a-reply-secret-of-this-workspace';

describe('reply addresses', () => {
  it('signs a conversation into an address that fits 64 characters and verifies it, in any case', () => {
    const address = replyAddress({ key: 'k7q2m9x4w1', secret, conversationId: conv, domain: 'in.baton.test' });
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    const parsed = parseRecipient(address.toUpperCase().replace('IN.BATON.TEST', 'in.baton.test'), 'in.baton.test')!;
    expect(parsed.key).toBe('k7q2m9x4w1');
    expect(verifiedConversation(parsed, secret)).toBe(conv);
  });
  it('never accepts a forged or unsigned tag, or another workspace\'s secret', () => {
    const address = replyAddress({ key: 'k7q2m9x4w1', secret, conversationId: conv, domain: 'in.baton.test' });
    const forged = address.replace(/\.([0-9a-f]+)@/, (_m, sig: string) => `.${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}@`);
    expect(verifiedConversation(parseRecipient(forged, 'in.baton.test')!, secret)).toBeNull();
    expect(verifiedConversation(parseRecipient(address, 'in.baton.test')!, 'another-secret')).toBeNull();
    expect(verifiedConversation(parseRecipient(`k7q2m9x4w1+${conv.replace(/-/g, '')}@in.baton.test`, 'in.baton.test')!, secret)).toBeNull();
    expect(parseRecipient('k7q2m9x4w1@in.baton.test', 'in.baton.test')).toEqual({ key: 'k7q2m9x4w1', tag: null });
    expect(parseRecipient(address, 'other.test')).toBeNull();
  });
  it('reads Message-ID lists with and without brackets', () => {
    expect(messageIds('<A@x> <b@y>\r\n <a@x>')).toEqual(['a@x', 'b@y']);
    expect(messageIds(['<c@z>', 'd@w'])).toEqual(['c@z']);
    expect(messageIds('d@w')).toEqual(['d@w']);
    expect(messageIds(undefined)).toEqual([]);
  });
});
