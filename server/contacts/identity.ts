import { sql } from 'drizzle-orm';
import type { Attributes } from '../../contracts/contacts.ts';
import type { DbOrTx } from '../platform/db.ts';
import { newId } from '../platform/ids.ts';
import { jsonList, rows } from './sql.ts';

/** A contact as the ingest pipeline tracks it while it works through a batch. */
export interface Known {
  id: string;
  role: 'user' | 'lead';
  external_id: string | null;
  anonymous_id: string | null;
  /** Epoch ms of the stored last_seen_at (null when never seen or new). */
  last_seen: number | null;
  isNew: boolean;
  /** Field changes this batch makes (new contacts take them at insert). */
  patch: {
    role?: 'user';
    external_id?: string;
    email?: string;
    name?: string;
    phone?: string;
    avatar_url?: string;
    locale?: string;
    timezone?: string;
    signed_up_at?: string;
    attributes?: Attributes;
  };
}

/**
 * Resolves Segment identities (userId → user, anonymousId → lead) for a whole batch with one
 * query, then answers in memory. Identity changes (a lead becoming a user, a lead merged into an
 * existing user) are recorded and applied by the caller after the batch's rows are written.
 */
export class IdentityMap {
  private byUser = new Map<string, Known>();
  private byAnon = new Map<string, Known>();
  readonly created: Known[] = [];
  readonly merges: Array<{ leadId: string; intoId: string }> = [];

  static async load(db: DbOrTx, workspaceId: string, userIds: Set<string>, anonIds: Set<string>) {
    const map = new IdentityMap();
    if (userIds.size || anonIds.size) {
      // Only the lists in use, so each stays a plain index lookup.
      const conds = [];
      if (userIds.size) conds.push(sql`external_id in ${jsonList([...userIds], 'text')}`);
      if (anonIds.size) conds.push(sql`anonymous_id in ${jsonList([...anonIds], 'text')}`);
      const found = await rows<Omit<Known, 'isNew' | 'patch' | 'last_seen'> & { last_seen_at: Date | string | null }>(
        db,
        sql`select id, role, external_id, anonymous_id, last_seen_at from contacts where workspace_id = ${workspaceId}
            and (${sql.join(conds, sql` or `)})`,
      );
      for (const { last_seen_at, ...r } of found) {
        map.remember({ ...r, last_seen: last_seen_at === null ? null : new Date(last_seen_at).getTime(), isNew: false, patch: {} });
      }
    }
    return map;
  }

  remember(c: Known): void {
    if (c.external_id) this.byUser.set(c.external_id, c);
    if (c.anonymous_id && !this.byAnon.has(c.anonymous_id)) this.byAnon.set(c.anonymous_id, c);
  }

  private create(role: 'user' | 'lead', externalId: string | null, anonymousId: string | null): Known {
    const c: Known = {
      id: newId(),
      role,
      external_id: externalId,
      // An anonymous id stays with the contact that first had it.
      anonymous_id: anonymousId && !this.byAnon.has(anonymousId) ? anonymousId : null,
      last_seen: null,
      isNew: true,
      patch: {},
    };
    this.created.push(c);
    this.remember(c);
    return c;
  }

  private promote(lead: Known, userId: string): Known {
    lead.role = 'user';
    lead.external_id = userId;
    lead.patch.role = 'user';
    lead.patch.external_id = userId;
    this.byUser.set(userId, lead);
    return lead;
  }

  private merge(lead: Known, into: Known): void {
    if (lead.id === into.id || lead.role !== 'lead') return;
    if (!this.merges.some((m) => m.leadId === lead.id)) this.merges.push({ leadId: lead.id, intoId: into.id });
    if (lead.anonymous_id) this.byAnon.set(lead.anonymous_id, into);
  }

  /** The contact a call is about, creating it when it is new. */
  resolve(userId: string | null | undefined, anonymousId: string | null | undefined): Known {
    const lead = anonymousId ? this.byAnon.get(anonymousId) : undefined;
    if (userId) {
      const user = this.byUser.get(userId);
      if (user) {
        if (lead) this.merge(lead, user);
        return user;
      }
      if (lead && lead.role === 'lead' && !lead.external_id) return this.promote(lead, userId);
      return this.create('user', userId, anonymousId ?? null);
    }
    return lead ?? this.create('lead', null, anonymousId!);
  }

  /** alias(previousId → userId): the earlier identity becomes, or merges into, the user. */
  alias(previousId: string, userId: string): Known {
    const prev = this.byUser.get(previousId) ?? this.byAnon.get(previousId);
    const user = this.byUser.get(userId);
    if (user) {
      if (prev) this.merge(prev, user);
      return user;
    }
    if (prev && prev.role === 'lead' && !prev.external_id) return this.promote(prev, userId);
    return this.create('user', userId, null);
  }
}
