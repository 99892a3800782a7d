import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ExperimentReport, ReportQuery } from '../../../contracts/experiment-report.ts';
import type { ContactsService } from '../../contacts/service.ts';
import type { Ctx } from '../../platform/context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { hashToken, isUuid, newId, randomToken } from '../../platform/ids.ts';
import type { ExperimentsService } from '../service.ts';
import { experimentExposures, experimentShareLinks } from '../schema.ts';
import { plannerStatistics } from '../../contacts/experiment-metrics.ts';
import { buildReport } from './build.ts';
import { rollupRowsSql, type RollupService } from '../rollup/service.ts';
import type { MetricResult } from '../../contacts/experiment-metrics.ts';
import type { MetricAggregates } from '../stats/sql-summary.ts';

/**
 * Reports of stored experiments and their read-only share links. The figures come from the
 * experiment's per-unit rollup (rollup/), first brought up to date incrementally: one GROUP BY
 * over a row per unit, by exposure day and by whether the unit did the observed event, and a
 * second one for a breakdown. Until the rollup
 * holds the current registration (or for an observational event other than the registered one)
 * the contacts module computes the same per-unit rows from the raw data in the same statement,
 * and a rollup build is requested. Either way this service only analyses the few rows that come back.
 */
/** How long a report waits for the rollup to catch up before it shows the figures of its last run. */
export const CATCH_UP_BUDGET_MS = 1_000;

export function createReportService(ctx: Ctx, deps: { contacts: ContactsService; experiments: ExperimentsService; rollups: RollupService }) {
  const db = ctx.db;
  // Same reason as the contacts module's: no autovacuum on the embedded database.
  const refreshStatistics = plannerStatistics((tables) => db.execute(sql.raw(`analyze ${tables}`)));

  async function report(ws: string, id: string, query: ReportQuery): Promise<ExperimentReport> {
    const experiment = await deps.experiments.get(ws, id);
    const reg = experiment.registration;
    if (!reg) throw new AppError('conflict', 'The experiment has no pre-registration, so there is nothing to report yet');
    if (experiment.unit === 'visitor') throw new AppError('conflict', 'Reports from Baton data need contact or company units; analyse visitor experiments from an uploaded CSV');
    const unit = experiment.unit;
    const primary = reg.metrics.find((m) => m.key === reg.primary_metric)!;
    const primaryIndex = reg.metrics.indexOf(primary);
    const observe = query.observe ?? reg.observational_event;
    let rollup: { asOf: Date } | null = await deps.rollups.current(ws, experiment);
    const fromRollup = rollup !== null && observe === reg.observational_event;
    // Catch up on what arrived since the job's last run (a few units, normally). When the job is
    // refreshing right now, a full rebuild is due, or the catch-up would hold the report past its
    // budget (a burst of new data), the figures are the rollup's as of its last run, labelled so,
    // and the job is asked to bring it up to date.
    if (fromRollup) {
      const caughtUp = await deps.rollups.refresh(ws, id, { experiment, incrementalOnly: true, budgetMs: CATCH_UP_BUDGET_MS });
      if (caughtUp) rollup = caughtUp;
      else await deps.rollups.request(ws, id);
    }
    let all: MetricResult[];
    let breakdown: MetricAggregates[] | null;
    if (fromRollup) {
      const everyMetric = reg.metrics.map((_, i) => i);
      [all, breakdown] = await Promise.all([
        deps.contacts.experimentAggregates(ws, { perUnit: rollupRowsSql(ws, id, everyMetric, true), unit, metrics: reg.metrics, grouping: { by: 'exposure_day' } }),
        query.breakdown
          ? deps.contacts
              .experimentAggregates(ws, { perUnit: rollupRowsSql(ws, id, [primaryIndex], false), unit, metrics: [primary], grouping: { by: 'attribute', field: query.breakdown } })
              .then(([r]) => r!.rows)
          : null,
      ]);
    } else {
      if (!rollup) await deps.rollups.request(ws, id);
      if (ctx.database.driver === 'pglite') await refreshStatistics('experiment_exposures');
      const units = sql`select ${experimentExposures.unitId} as unit_id, ${experimentExposures.unitUuid} as uid, ${experimentExposures.variant} as variant, ${experimentExposures.exposedAt} as exposed_at
        from ${experimentExposures} where ${experimentExposures.workspaceId} = ${ws} and ${experimentExposures.experimentId} = ${id}`;
      [all, breakdown] = await Promise.all([
        deps.contacts.experimentMetrics(ws, {
          units, unit, metrics: reg.metrics, grouping: { by: 'exposure_day' },
          observe: observe ? { event: observe, window_days: primary.window_days } : null,
        }),
        query.breakdown
          ? deps.contacts.experimentMetric(ws, { units, unit, metric: primary, grouping: { by: 'attribute', field: query.breakdown } })
          : null,
      ]);
    }
    const primaryRows = all[primaryIndex]!.rows;
    const now = new Date();
    return buildReport({
      experiment,
      registration: reg,
      daily: new Map(reg.metrics.map((m, i) => [m.key, all[i]!.rows])),
      medianDays: new Map(reg.metrics.flatMap((m, i) => (all[i]!.median_days ? [[m.key, all[i]!.median_days!] as const] : []))),
      breakdown: breakdown && { field: query.breakdown!, rows: breakdown },
      // The same rows split by whether the unit did the observed event, pooled over days.
      observational: observe ? { event: observe, rows: primaryRows.map((r) => ({ ...r, grp: r.obs ?? null })) } : null,
      freshness: fromRollup ? { source: 'rollup', as_of: rollup!.asOf.toISOString() } : { source: 'live', as_of: now.toISOString() },
      now,
    });
  }

  const linkView = (r: typeof experimentShareLinks.$inferSelect) => ({ id: r.id, created_at: r.createdAt.toISOString(), revoked_at: r.revokedAt?.toISOString() ?? null });

  return {
    report,

    async createShareLink(ws: string, experimentId: string) {
      await deps.experiments.get(ws, experimentId);
      // The workspace id in the token lets the public route look it up within its workspace.
      const token = `${ws}.${randomToken('', 24)}`;
      const [row] = await db.insert(experimentShareLinks).values({ workspaceId: ws, id: newId(), experimentId, tokenHash: hashToken(token) }).returning();
      return { ...linkView(row!), token, path: `/app/shared/experiments/${token}` };
    },

    async listShareLinks(ws: string, experimentId: string) {
      await deps.experiments.get(ws, experimentId);
      const list = await db.select().from(experimentShareLinks).where(and(eq(experimentShareLinks.workspaceId, ws), eq(experimentShareLinks.experimentId, experimentId)));
      return list.map(linkView);
    },

    async revokeShareLink(ws: string, experimentId: string, linkId: string) {
      const [row] = await db
        .update(experimentShareLinks)
        .set({ revokedAt: new Date() })
        .where(and(eq(experimentShareLinks.workspaceId, ws), eq(experimentShareLinks.experimentId, experimentId), eq(experimentShareLinks.id, linkId), isNull(experimentShareLinks.revokedAt)))
        .returning();
      if (!row) throw notFound('Share link');
    },

    /** The report behind a share token; any unknown, malformed or revoked token is a plain 404. */
    async sharedReport(token: string, query: ReportQuery): Promise<ExperimentReport> {
      const ws = token.split('.')[0]!;
      if (!isUuid(ws)) throw notFound('Report');
      const [link] = await db
        .select()
        .from(experimentShareLinks)
        .where(and(eq(experimentShareLinks.workspaceId, ws), eq(experimentShareLinks.tokenHash, hashToken(token)), isNull(experimentShareLinks.revokedAt)));
      if (!link) throw notFound('Report');
      return report(ws, link.experimentId, query);
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
