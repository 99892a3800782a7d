import { createHmac } from 'node:crypto';
import { safeEqual } from '../../platform/ids.ts';

/**
 * Reply addresses: `<inbound key>+<conversation>.<signature>@<domain>`. The conversation id is
 * written as 32 lowercase hex digits and the signature is a truncated HMAC-SHA256 over the key
 * and the conversation with the workspace's reply secret, so it survives mail servers that
 * lowercase local parts, fits the 64-character limit, and cannot be made up for a conversation
 * by someone who only knows its id.
 */
const SIGNATURE_HEX = 16;

const hexOf = (uuid: string) => uuid.replace(/-/g, '').toLowerCase();
const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
const sign = (secret: string, key: string, conversationHex: string) =>
  createHmac('sha256', secret).update(`${key}.${conversationHex}`).digest('hex').slice(0, SIGNATURE_HEX);

export function replyAddress(input: { key: string; secret: string; conversationId: string; domain: string }): string {
  const conv = hexOf(input.conversationId);
  return `${input.key}+${conv}.${sign(input.secret, input.key, conv)}@${input.domain}`;
}

export interface ParsedRecipient {
  /** The workspace's inbound key (the part before `+`). */
  key: string;
  /** What follows `+`, if anything: a claimed conversation and its signature. */
  tag: { conversationHex: string; signature: string } | null;
}

/** Splits an address of the inbound domain into its key and tag; null for any other domain. */
export function parseRecipient(address: string, domain: string): ParsedRecipient | null {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return null;
  const local = address.slice(0, at).toLowerCase();
  const plus = local.indexOf('+');
  const key = plus < 0 ? local : local.slice(0, plus);
  if (!/^[a-z0-9]{4,40}$/.test(key)) return null;
  const m = plus < 0 ? null : /^([0-9a-f]{32})\.([0-9a-f]+)$/.exec(local.slice(plus + 1));
  return { key, tag: m ? { conversationHex: m[1]!, signature: m[2]! } : null };
}

/** The conversation a tag names, only when its signature is right; null for a forged or unsigned one. */
export function verifiedConversation(recipient: ParsedRecipient, secret: string): string | null {
  if (!recipient.tag) return null;
  const expected = sign(secret, recipient.key, recipient.tag.conversationHex);
  return safeEqual(expected, recipient.tag.signature) ? uuidOf(recipient.tag.conversationHex) : null;
}

/** A Message-ID for one outgoing message (without angle brackets, as stored and compared). */
export const messageIdOf = (messageId: string, domain: string) => `baton.${hexOf(messageId)}@${domain}`;

/** `<a@b> <c@d>` or `a@b` → [`a@b`, `c@d`]: the ids as stored, lowercased, without brackets. */
export function messageIds(header: string | string[] | undefined): string[] {
  const all = Array.isArray(header) ? header.join(' ') : (header ?? '');
  const bracketed = [...all.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1]!);
  const ids = bracketed.length ? bracketed : all.split(/\s+/).filter((s) => s.includes('@'));
  return [...new Set(ids.map((s) => s.toLowerCase()))];
}
