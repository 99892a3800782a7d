import { and, eq } from 'drizzle-orm';
import type { BootBody } from '../../contracts/messenger.ts';
import type { WorkspaceSettings } from '../../contracts/workspaces.ts';
import type { ContactsService } from '../contacts/service.ts';
import type { Normalized } from '../contacts/segment.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { hashToken, newId, randomToken } from '../platform/ids.ts';
import { checkUserHash, verifyUserJwt } from './identity.ts';
import { messengerVisitors } from './schema.ts';

export type VisitorRow = typeof messengerVisitors.$inferSelect;

/** Settings keys that describe the Messenger or the user rather than custom attributes. */
const NOT_ATTRIBUTES = new Set([
  'app_id', 'visitor_token', 'user_id', 'email', 'name', 'user_hash', 'user_jwt', 'intercom_user_jwt', 'created_at',
  'company', 'companies', 'language_override', 'locale', 'api_base', 'installation_type', 'widget', 'hide_default_launcher',
  'alignment', 'horizontal_padding', 'vertical_padding', 'custom_launcher_selector', 'session_duration', 'action_color',
  'background_color', 'phone', 'avatar', 'user_id_hash', 'widgetUrl', 'region', 'page_url',
]);

export interface Identity {
  userId?: string;
  email?: string;
  name?: string;
  verified: boolean;
  /** Signed attributes from a JWT: they win over what the page sent. */
  signed: Record<string, unknown>;
}

/**
 * Who the page says the visitor is, and whether the product's backend vouched for it. A wrong
 * hash is always refused; a missing one only when the workspace enforces verification.
 */
export async function establishIdentity(ws: WorkspaceSettings, body: BootBody): Promise<Identity> {
  const jwt = body.user_jwt ?? (typeof body.intercom_user_jwt === 'string' ? body.intercom_user_jwt : undefined);
  if (jwt) {
    const v = await verifyUserJwt(ws.identitySecret, jwt);
    return { userId: v.userId, email: v.email ?? body.email, name: v.name ?? body.name, verified: true, signed: v.attributes };
  }
  const userId = body.user_id === undefined ? undefined : String(body.user_id);
  const email = body.email || undefined;
  if (!userId && !email) return { verified: false, signed: {}, name: body.name };
  if (body.user_hash) {
    if (!checkUserHash(ws.identitySecret, { userId, email }, body.user_hash)) {
      throw new AppError('unauthorized', 'user_hash does not match this user', [{ field: 'body.user_hash', message: 'does not match' }]);
    }
    return { userId, email, name: body.name, verified: true, signed: {} };
  }
  if (ws.identityVerificationEnforced) {
    throw new AppError('unauthorized', 'Identity verification is on: send user_hash or user_jwt', [
      { field: 'body.user_hash', message: 'required' },
    ]);
  }
  return { userId, email, name: body.name, verified: false, signed: {} };
}

/** Intercom sends created_at in Unix seconds; Segment's traits take ISO time. */
function signedUpAt(value: BootBody['created_at']): string | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

export function customAttributes(body: BootBody, signed: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (NOT_ATTRIBUTES.has(k) || k.length > 64) continue;
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
  }
  return { ...out, ...signed };
}

export function createVisitors(db: Db, contacts: ContactsService) {
  async function find(ws: string, token: string): Promise<VisitorRow | null> {
    const [row] = await db
      .select()
      .from(messengerVisitors)
      .where(and(eq(messengerVisitors.workspaceId, ws), eq(messengerVisitors.tokenHash, hashToken(token))));
    return row ?? null;
  }

  /** A new browser: a lead of its own, found again by its visitor id (the contact's anonymous id). */
  async function create(ws: string): Promise<{ visitor: VisitorRow; token: string }> {
    const id = newId();
    const token = randomToken('vt_', 24);
    const now = Date.now();
    await contacts.ingest(ws, [{ type: 'identify', anonymousId: id, traits: {}, messageId: newId(), at: now, field: 'body' }], new Date(now));
    const contact = await contacts.findContactId(ws, { anonymousId: id });
    const [visitor] = await db
      .insert(messengerVisitors)
      .values({ workspaceId: ws, id, tokenHash: hashToken(token), contactId: contact!.id })
      .returning();
    return { visitor: visitor!, token };
  }

  /**
   * Records who the visitor is through the contacts service (Segment identify/group: a lead
   * becomes or merges into the user) and binds the browser to the resulting contact. An e-mail
   * held by another contact is never taken over, so typing it binds nothing to that contact.
   */
  async function identify(ws: string, visitor: VisitorRow, who: Identity, body: BootBody): Promise<VisitorRow> {
    const now = Date.now();
    const traits: Record<string, unknown> = { ...customAttributes(body, who.signed) };
    if (who.email) traits.email = who.email;
    if (who.name) traits.name = who.name;
    const created = signedUpAt(body.created_at);
    if (created) traits.created_at = created;
    const base = { anonymousId: visitor.id, at: now, field: 'body' };
    const calls: Normalized[] = [];
    if (who.userId || Object.keys(traits).length > 0) {
      calls.push({ ...base, type: 'identify', userId: who.userId, traits, messageId: newId() });
    }
    const company = body.company;
    const companyId = company?.company_id ?? company?.id;
    if (company && companyId !== undefined) {
      const { company_id: _c, id: _i, ...companyTraits } = company;
      calls.push({ ...base, type: 'group', userId: who.userId, groupId: String(companyId), traits: companyTraits, messageId: newId() });
    }
    if (calls.length > 0) await contacts.ingest(ws, calls, new Date(now));

    let contact = who.userId ? await contacts.findContactId(ws, { externalId: who.userId }) : null;
    // A verified e-mail (hash of the e-mail, no user id) names its contact outright.
    if (!contact && who.verified && who.email) contact = await contacts.findContactId(ws, { email: who.email });
    contact ??= await contacts.findContactId(ws, { anonymousId: visitor.id });
    const [row] = await db
      .update(messengerVisitors)
      .set({ contactId: contact?.id ?? visitor.contactId, verified: who.verified, lastSeenAt: new Date() })
      .where(and(eq(messengerVisitors.workspaceId, ws), eq(messengerVisitors.id, visitor.id)))
      .returning();
    return row!;
  }

  return { find, create, identify };
}
