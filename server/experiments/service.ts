import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type {
  ExperimentCreate,
  ExperimentView,
  FlagEvaluateBody,
  FlagEvaluation,
  FlagValue,
  Registration,
  SampleSize,
  SampleSizeBody,
} from '../../contracts/experiments.ts';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import { AppError, notFound } from '../platform/errors.ts';
import { isUuid, newId, randomToken } from '../platform/ids.ts';
import type { ContactsService } from '../contacts/service.ts';
import type { SegmentsService } from '../contacts/segments/service.ts';
import { isUniqueViolation } from '../platform/db-errors.ts';
import { registeredFlag, registeredFlags } from './flags.ts';
import { compileExperiment, createRunningCache } from './running.ts';
import { labSnapshotOf, type LabSnapshot } from './snapshot.ts';
import { experimentChanges, experimentExposures, experimentHoldouts, experiments, experimentVariants } from './schema.ts';
import { durationDays, sampleSizeMeans, sampleSizeProportions } from './stats/power.ts';

type ExperimentRow = typeof experiments.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** How many (experiment, unit) exposures each node remembers as already recorded. */
const RECORDED_MAX = 100_000;

/**
 * Experiments and flag evaluation. Designs are created as drafts, started (which checks the layer
 * against the running experiments) and stopped; evaluation assigns by hash and records each
 * enrolled unit's first exposure.
 */
export function createExperimentsService(ctx: Ctx, deps: { segments: SegmentsService; contacts: ContactsService }) {
  const db = ctx.db;
  const running = createRunningCache(ctx);
  /**
   * Exposures this node has written (or found written): a unit's first exposure is kept forever,
   * so a repeat evaluation needs neither the insert nor the look-up of gated enrolment. Oldest
   * forgotten first.
   */
  const recorded = new Set<string>();
  const remember = (key: string) => {
    if (recorded.size >= RECORDED_MAX) recorded.delete(recorded.values().next().value!);
    recorded.add(key);
  };

  /** The eligibility segment must exist and be of the experiment's unit (visitors have no segments). */
  async function checkEligibility(ws: string, unit: ExperimentCreate['unit'], segmentId: string | null) {
    if (!segmentId) return;
    const field = 'body.eligibility.segment_id';
    if (unit === 'visitor') throw new AppError('validation_failed', `${field}: anonymous visitors cannot be in a segment`, [{ field, message: 'anonymous visitors cannot be in a segment' }]);
    const segment = await deps.segments.get(ws, segmentId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'not_found') throw new AppError('validation_failed', `${field}: no such segment`, [{ field, message: 'no such segment' }]);
      throw err;
    });
    if (segment.target !== unit)
      throw new AppError('validation_failed', `${field}: is a ${segment.target} segment, the experiment randomizes ${unit === 'company' ? 'companies' : 'contacts'}`, [
        { field, message: `must be a ${unit} segment` },
      ]);
  }

  /**
   * Whether a unit not yet exposed may enter now: inside the entry window and a member of the
   * eligibility segment (live rule, not the last refresh). Non-UUID ids cannot be members.
   */
  async function eligible(ws: string, e: ExperimentRow, unitId: string, now: Date): Promise<boolean> {
    if (e.entryStartsAt && now < e.entryStartsAt) return false;
    if (e.entryEndsAt && now >= e.entryEndsAt) return false;
    if (!e.eligibilitySegmentId) return true;
    return isUuid(unitId) && deps.segments.contains(ws, e.eligibilitySegmentId, unitId);
  }

  async function load(tx: DbOrTx, ws: string, id: string): Promise<ExperimentRow> {
    const [row] = await tx.select().from(experiments).where(and(eq(experiments.workspaceId, ws), eq(experiments.id, id)));
    if (!row) throw notFound('Experiment');
    return row;
  }

  /** Views of the given experiments (all of the workspace when `ids` is absent), in four queries. */
  async function views(tx: DbOrTx, ws: string, ids?: string[]): Promise<ExperimentView[]> {
    const rows = await tx
      .select()
      .from(experiments)
      .where(and(eq(experiments.workspaceId, ws), ids ? inArray(experiments.id, ids) : undefined))
      .orderBy(desc(experiments.id));
    if (rows.length === 0) return [];
    const of = rows.map((r) => r.id);
    // One after another: `tx` may be a transaction, whose single connection runs one query at a time.
    const variants = await tx
      .select()
      .from(experimentVariants)
      .where(and(eq(experimentVariants.workspaceId, ws), inArray(experimentVariants.experimentId, of)))
      .orderBy(asc(experimentVariants.position));
    const counts = await tx
      .select({ experimentId: experimentExposures.experimentId, variant: experimentExposures.variant, n: sql<number>`count(*)::int` })
      .from(experimentExposures)
      .where(and(eq(experimentExposures.workspaceId, ws), inArray(experimentExposures.experimentId, of)))
      .groupBy(experimentExposures.experimentId, experimentExposures.variant);
    const changes = await tx
      .select()
      .from(experimentChanges)
      .where(and(eq(experimentChanges.workspaceId, ws), inArray(experimentChanges.experimentId, of)))
      .orderBy(asc(experimentChanges.id));
    const exposures = new Map(counts.map((c) => [`${c.experimentId}/${c.variant}`, c.n]));
    return rows.map((row) => ({
      id: row.id,
      key: row.key,
      name: row.name,
      flag_key: row.flagKey,
      unit: row.unit,
      status: row.status,
      traffic: row.traffic,
      layer: row.layerKey ? { key: row.layerKey, start: row.layerStart!, end: row.layerEnd! } : null,
      eligibility: { segment_id: row.eligibilitySegmentId, entry_starts_at: iso(row.entryStartsAt), entry_ends_at: iso(row.entryEndsAt) },
      variants: variants
        .filter((v) => v.experimentId === row.id)
        .map((v) => ({ key: v.key, weight: v.weight, value: v.value as FlagValue, exposures: exposures.get(`${row.id}/${v.key}`) ?? 0 })),
      registration: row.registration,
      changes: changes
        .filter((c) => c.experimentId === row.id)
        .map((c) => ({ at: c.changedAt.toISOString(), reason: c.reason, before: c.before, after: c.after })),
      created_at: row.createdAt.toISOString(),
      started_at: iso(row.startedAt),
      stopped_at: iso(row.stoppedAt),
    }));
  }

  async function view(tx: DbOrTx, ws: string, id: string): Promise<ExperimentView> {
    const [one] = await views(tx, ws, [id]);
    if (!one) throw notFound('Experiment');
    return one;
  }

  async function setStatus(ws: string, id: string, from: ExperimentRow['status'], to: ExperimentRow['status']) {
    const changed = await db.transaction(async (tx) => {
      // Serialises starts in one workspace so two overlapping layer ranges cannot both start.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`experiments:${ws}`}))`);
      const row = await load(tx, ws, id);
      if (to === 'running' && !row.registration)
        throw new AppError('conflict', 'Pre-register the experiment (hypotheses, primary metric, analysis mode, planned sample) before starting it', [
          { field: 'registration', message: 'is required to start' },
        ]);
      if (row.status !== from) throw new AppError('conflict', `The experiment is ${row.status}; only a ${from} experiment can be ${to === 'running' ? 'started' : 'stopped'}`);
      if (to === 'running' && row.layerKey) {
        const overlapping = await tx
          .select({ key: experiments.key })
          .from(experiments)
          .where(
            and(
              eq(experiments.workspaceId, ws),
              eq(experiments.layerKey, row.layerKey),
              eq(experiments.status, 'running'),
              sql`${experiments.layerStart} < ${row.layerEnd} and ${row.layerStart} < ${experiments.layerEnd}`,
            ),
          );
        if (overlapping.length)
          throw new AppError('conflict', `Layer ${row.layerKey}: this range overlaps running experiment ${overlapping[0]!.key}`, [
            { field: 'layer', message: `overlaps ${overlapping[0]!.key}` },
          ]);
      }
      const now = new Date();
      await tx
        .update(experiments)
        .set(to === 'running' ? { status: to, startedAt: now } : { status: to, stoppedAt: now })
        .where(and(eq(experiments.workspaceId, ws), eq(experiments.id, id)));
      return view(tx, ws, id);
    });
    await running.changed(ws);
    return changed;
  }

  return {
    async create(ws: string, input: ExperimentCreate): Promise<ExperimentView> {
      const id = newId();
      await checkEligibility(ws, input.unit, input.eligibility?.segment_id ?? null);
      try {
        return await db.transaction(async (tx) => {
          await tx.insert(experiments).values({
            workspaceId: ws,
            id,
            key: input.key,
            name: input.name,
            flagKey: input.flag_key,
            unit: input.unit,
            salt: randomToken('', 16),
            traffic: input.traffic,
            layerKey: input.layer?.key ?? null,
            layerStart: input.layer?.start ?? null,
            layerEnd: input.layer?.end ?? null,
            eligibilitySegmentId: input.eligibility?.segment_id ?? null,
            entryStartsAt: input.eligibility?.entry_starts_at ? new Date(input.eligibility.entry_starts_at) : null,
            entryEndsAt: input.eligibility?.entry_ends_at ? new Date(input.eligibility.entry_ends_at) : null,
            registration: input.registration ?? null,
          });
          await tx.insert(experimentVariants).values(
            input.variants.map((v, position) => ({ workspaceId: ws, experimentId: id, key: v.key, position, weight: v.weight, value: v.value })),
          );
          return view(tx, ws, id);
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('conflict', 'An experiment with this key exists', [{ field: 'body.key', message: 'is already taken' }]);
        throw err;
      }
    },

    get: (ws: string, id: string) => view(db, ws, id),

    /** Every experiment of the workspace, newest first. */
    list: (ws: string): Promise<ExperimentView[]> => views(db, ws),

    async holdout(ws: string): Promise<{ share: number }> {
      const [row] = await db.select().from(experimentHoldouts).where(eq(experimentHoldouts.workspaceId, ws));
      return { share: row?.share ?? 0 };
    },

    async setHoldout(ws: string, share: number): Promise<{ share: number }> {
      await db
        .insert(experimentHoldouts)
        .values({ workspaceId: ws, salt: randomToken('', 16), share })
        .onConflictDoUpdate({ target: experimentHoldouts.workspaceId, set: { share, updatedAt: new Date() } });
      await running.changed(ws);
      return { share };
    },
    start: (ws: string, id: string) => setStatus(ws, id, 'draft', 'running'),

    /**
     * Replaces the pre-registration. A draft changes freely; once started the design is locked,
     * so a change needs a reason and is logged with the before and after for the report.
     */
    async register(ws: string, id: string, registration: Registration, reason: string | undefined): Promise<ExperimentView> {
      return db.transaction(async (tx) => {
        const [row] = await tx
          .select()
          .from(experiments)
          .where(and(eq(experiments.workspaceId, ws), eq(experiments.id, id)))
          .for('update');
        if (!row) throw notFound('Experiment');
        if (row.status !== 'draft') {
          if (!reason) throw new AppError('validation_failed', 'body.reason: is required once the experiment has started', [{ field: 'body.reason', message: 'is required once the experiment has started' }]);
          await tx.insert(experimentChanges).values({ workspaceId: ws, experimentId: id, id: newId(), reason, before: row.registration!, after: registration });
        }
        await tx.update(experiments).set({ registration }).where(and(eq(experiments.workspaceId, ws), eq(experiments.id, id)));
        return view(tx, ws, id);
      });
    },

    /** Units per arm (and days, given daily traffic) for a design; see stats/power.ts. */
    sampleSize(input: SampleSizeBody): SampleSize {
      let size;
      try {
        size =
          input.kind === 'proportions'
            ? sampleSizeProportions({ baseline: input.baseline, mde: input.mde, relative: input.relative, alpha: input.alpha, power: input.power })
            : sampleSizeMeans({ sd: input.sd, mde: input.mde, alpha: input.alpha, power: input.power });
      } catch (err) {
        if (err instanceof RangeError) throw new AppError('validation_failed', `body.mde: ${err.message}`, [{ field: 'body.mde', message: err.message }]);
        throw err;
      }
      return {
        effect_size: size.effectSize,
        units_per_arm: size.perArm,
        total_units: size.perArm * input.arms,
        days: input.daily_units === undefined ? null : durationDays(size.perArm, input.arms, input.daily_units, input.traffic),
      };
    },
    stop: (ws: string, id: string) => setStatus(ws, id, 'running', 'stopped'),

    /**
     * Records first exposures that happened elsewhere (historical data, the demo), assigned by
     * the experiment's own hash exactly as evaluation would; returns each unit's variant, or
     * null when the unit is outside the experiment's traffic or layer range.
     */
    async importExposures(ws: string, id: string, units: { unitId: string; exposedAt: Date }[]): Promise<Map<string, string | null>> {
      const row = await load(db, ws, id);
      const own = await db
        .select()
        .from(experimentVariants)
        .where(and(eq(experimentVariants.workspaceId, ws), eq(experimentVariants.experimentId, id)))
        .orderBy(asc(experimentVariants.position));
      const allocation = compileExperiment(row, own);
      const out = new Map<string, string | null>();
      const values: (typeof experimentExposures.$inferInsert)[] = [];
      for (const u of units) {
        const a = allocation.assign(u.unitId);
        out.set(u.unitId, a.enrolled ? a.variant : null);
        if (a.enrolled) values.push({ workspaceId: ws, experimentId: id, unitId: u.unitId, variant: a.variant, exposedAt: u.exposedAt });
      }
      for (let i = 0; i < values.length; i += 1000) await db.insert(experimentExposures).values(values.slice(i, i + 1000)).onConflictDoNothing();
      return out;
    },

    /** The running experiments and holdout in memory, for hot paths (see snapshot.ts). */
    snapshot: async (ws: string): Promise<LabSnapshot> => labSnapshotOf(await running.get(ws)),

    /**
     * The flags' values for one unit: a running experiment on the flag that enrols the unit
     * decides it (and the unit's first exposure is recorded); otherwise the registered default,
     * or for a customer's own flag the control variant's value. A contact in the global holdout
     * is in no experiment and gets every proactive flag's held-out value.
     */

    async evaluate(ws: string, input: FlagEvaluateBody): Promise<FlagEvaluation> {
      const set = await running.get(ws);
      const contact = input.units.contact;
      const heldOut = set.holdout !== null && contact !== undefined && set.holdout.holds(contact);
      const wanted = input.flags ? new Set(input.flags) : null;
      const candidates = wanted ? set.experiments.filter((e) => wanted.has(e.row.flagKey)) : set.experiments;
      // Units already enrolled keep their variant after the window closes or they leave the segment.
      const unknown = heldOut
        ? []
        : candidates.filter((e) => e.gated && input.units[e.row.unit] !== undefined && !recorded.has(`${e.row.id}/${input.units[e.row.unit]}`));
      const unitIds = Object.values(input.units).filter((u): u is string => u !== undefined);
      const enrolled = new Set(
        unknown.length
          ? (
              await db
                .select({ experimentId: experimentExposures.experimentId, unitId: experimentExposures.unitId })
                .from(experimentExposures)
                .where(
                  and(
                    eq(experimentExposures.workspaceId, ws),
                    inArray(experimentExposures.experimentId, unknown.map((e) => e.row.id)),
                    inArray(experimentExposures.unitId, unitIds),
                  ),
                )
            ).map((r) => `${r.experimentId}/${r.unitId}`)
          : [],
      );
      const now = new Date();
      const keys = input.flags ? [...new Set(input.flags)] : [...new Set([...registeredFlags().map((f) => f.key), ...set.experiments.map((e) => e.row.flagKey)])];
      const flags: FlagEvaluation['flags'] = {};
      const exposures: { key: string; row: typeof experimentExposures.$inferInsert }[] = [];
      for (const key of keys) {
        let decided: FlagEvaluation['flags'][string] | undefined;
        const def = registeredFlag(key);
        let fallback: FlagValue | null = (heldOut ? (def?.heldOutValue ?? def?.defaultValue) : def?.defaultValue) ?? null;
        // The oldest running experiment on a flag that enrols the unit decides it.
        for (const e of set.byFlag.get(key) ?? []) {
          if (fallback === null && !def) fallback = e.variants[0]!.value as FlagValue;
          const unitId = input.units[e.row.unit];
          if (unitId === undefined || heldOut) continue;
          const a = e.allocation.assign(unitId);
          if (!a.enrolled) continue;
          const exposure = `${e.row.id}/${unitId}`;
          if (e.gated && !recorded.has(exposure) && !enrolled.has(exposure) && !(await eligible(ws, e.row, unitId, now))) continue;
          const variant = e.variants.find((v) => v.key === a.variant)!;
          decided = { value: variant.value as FlagValue, experiment: e.row.key, variant: variant.key };
          if (!recorded.has(exposure)) exposures.push({ key: exposure, row: { workspaceId: ws, experimentId: e.row.id, unitId, variant: variant.key } });
          break;
        }
        flags[key] = decided ?? { value: fallback, experiment: null, variant: null };
      }
      if (exposures.length) {
        await db.insert(experimentExposures).values(exposures.map((x) => x.row)).onConflictDoNothing();
        for (const x of exposures) remember(x.key);
      }
      return { held_out: heldOut, flags };
    },
  };
}

export type ExperimentsService = ReturnType<typeof createExperimentsService>;
