import { sql } from 'drizzle-orm';
import { doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Registration } from '../../contracts/experiments.ts';
import { workspaces } from '../workspaces/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' });

/**
 * An experiment controls one flag: while it runs, a unit it enrols gets its variant's value of
 * that flag. Assignment needs no stored state (a hash of salt and unit id); only exposures are
 * written.
 */
export const experiments = pgTable(
  'experiments',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    flagKey: text('flag_key').notNull(),
    /** Who is randomized: a contact, a company (all its people together) or an anonymous visitor. */
    unit: text('unit', { enum: ['contact', 'company', 'visitor'] }).notNull(),
    status: text('status', { enum: ['draft', 'running', 'stopped'] }).notNull().default('draft'),
    /** Random per experiment, fixed at creation: the hash input that makes assignment independent. */
    salt: text('salt').notNull(),
    traffic: doublePrecision('traffic').notNull(),
    /** Mutually exclusive layer: experiments sharing a key own disjoint [start, end) ranges of it. */
    layerKey: text('layer_key'),
    layerStart: doublePrecision('layer_start'),
    layerEnd: doublePrecision('layer_end'),
    /** Only members of this segment (of the unit's kind) enter; checked through the segments service. */
    eligibilitySegmentId: uuid('eligibility_segment_id'),
    /** Entry window: units are enrolled (first exposed) only in [entry_starts_at, entry_ends_at). */
    entryStartsAt: ts('entry_starts_at'),
    entryEndsAt: ts('entry_ends_at'),
    /** Pre-registration; required to start, locked by the start (changes go to experiment_changes). */
    registration: jsonb('registration').$type<Registration>(),
    createdAt: ts('created_at').notNull().defaultNow(),
    startedAt: ts('started_at'),
    stoppedAt: ts('stopped_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('experiments_key_key').on(t.workspaceId, t.key),
    index('experiments_flag_idx').on(t.workspaceId, t.flagKey, t.status),
  ],
);

export const experimentVariants = pgTable(
  'experiment_variants',
  {
    workspaceId: workspaceId(),
    experimentId: uuid('experiment_id').notNull(),
    key: text('key').notNull(),
    position: integer('position').notNull(),
    weight: doublePrecision('weight').notNull(),
    /** The flag's value for units in this variant. */
    value: jsonb('value').$type<unknown>().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.experimentId, t.key] }),
    foreignKey({ columns: [t.workspaceId, t.experimentId], foreignColumns: [experiments.workspaceId, experiments.id] }).onDelete('cascade'),
  ],
);

/** A change to a started experiment's pre-registration, with the reason given; shown on the report. */
export const experimentChanges = pgTable(
  'experiment_changes',
  {
    workspaceId: workspaceId(),
    experimentId: uuid('experiment_id').notNull(),
    id: uuid('id').notNull(),
    reason: text('reason').notNull(),
    before: jsonb('before').$type<Registration>().notNull(),
    after: jsonb('after').$type<Registration>().notNull(),
    changedAt: ts('changed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.experimentId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.experimentId], foreignColumns: [experiments.workspaceId, experiments.id] }).onDelete('cascade'),
  ],
);

/**
 * First exposure of a unit to an experiment; the primary key keeps it to one row per unit. Written
 * on the flag-evaluation hot path, so like events it has no foreign keys (each check would
 * share-lock the experiment row); deleting an experiment must delete its exposures itself.
 */
export const experimentExposures = pgTable(
  'experiment_exposures',
  {
    workspaceId: uuid('workspace_id').notNull(),
    experimentId: uuid('experiment_id').notNull(),
    unitId: text('unit_id').notNull(),
    /**
     * The unit id as a Baton id (contact or company), null for visitors and foreign ids: computed
     * once at write time, so a report joins a million units to their events without testing and
     * casting every id.
     */
    unitUuid: uuid('unit_uuid').generatedAlwaysAs(
      sql`case when unit_id ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' then unit_id::uuid end`,
    ),
    variant: text('variant').notNull(),
    exposedAt: ts('exposed_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.experimentId, t.unitId] }),
    index('experiment_exposures_variant_idx').on(t.workspaceId, t.experimentId, t.variant),
  ],
);

/**
 * The workspace's global holdout: a share of contacts kept away from every proactive feature and
 * every experiment. The salt is drawn once and kept, so changing the share only adds or releases
 * contacts at the edge instead of reshuffling who is held out.
 */
export const experimentHoldouts = pgTable('experiment_holdouts', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  salt: text('salt').notNull(),
  share: doublePrecision('share').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/**
 * A read-only link to an experiment's report for people without a Baton login. The token is
 * `<workspace id>.<secret>` so it is looked up within its workspace; only its hash is stored, and
 * revoking keeps the row (with the time) so the link answers 404 from then on.
 */
export const experimentShareLinks = pgTable(
  'experiment_share_links',
  {
    workspaceId: workspaceId(),
    id: uuid('id').notNull(),
    experimentId: uuid('experiment_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('experiment_share_links_token_key').on(t.workspaceId, t.tokenHash),
    index('experiment_share_links_experiment_idx').on(t.workspaceId, t.experimentId),
    foreignKey({ columns: [t.workspaceId, t.experimentId], foreignColumns: [experiments.workspaceId, experiments.id] }).onDelete('cascade'),
  ],
);

/**
 * Each unit's metric values, kept by the `experiments.rollup` job (rollup/) so a report is one
 * GROUP BY over a row per unit instead of a join of every exposure to its events. `v`, `p` and
 * `d` hold, per metric in registration order, the value after exposure, the pre-period
 * covariate and (time_to_value) the days to the first value; `obs` whether the unit did the
 * registration's observational event. Written in bulk by the job only, so like exposures it
 * carries no foreign key (the per-row check would cost more than the rows).
 */
export const experimentRollupUnits = pgTable(
  'experiment_rollup_units',
  {
    workspaceId: uuid('workspace_id').notNull(),
    experimentId: uuid('experiment_id').notNull(),
    unitId: text('unit_id').notNull(),
    unitUuid: uuid('unit_uuid'),
    variant: text('variant').notNull(),
    exposedAt: ts('exposed_at').notNull(),
    obs: text('obs'),
    v: doublePrecision('v').array().notNull(),
    p: doublePrecision('p').array().notNull(),
    d: doublePrecision('d').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.experimentId, t.unitId] })],
);

/**
 * The state of an experiment's rollup: which metric definitions its rows were computed for (a
 * changed registration makes them stale) and up to when its data is in them.
 */
export const experimentRollups = pgTable(
  'experiment_rollups',
  {
    workspaceId: workspaceId(),
    experimentId: uuid('experiment_id').notNull(),
    /** The definitions the rows hold (unit, metrics, observational event), as canonical JSON. */
    fingerprint: text('fingerprint').notNull(),
    /** Data recorded up to this time is in the rows. */
    asOf: ts('as_of').notNull(),
    /**
     * The pg_snapshot (xmin:xmax:xip) the last refresh read events with: every event of a
     * transaction visible in it is in the rows; null before the first refresh that recorded one.
     */
    snapshot: text('snapshot'),
    /** Rows held: equal to the exposures counted, no unit is missing (no anti-join needed). */
    units: integer('units').notNull(),
    /** Last full rebuild (incremental refreshes in between). */
    builtAt: ts('built_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.experimentId] }),
    foreignKey({ columns: [t.workspaceId, t.experimentId], foreignColumns: [experiments.workspaceId, experiments.id] }).onDelete('cascade'),
  ],
);
