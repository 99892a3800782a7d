import type { OutcomesQuery, SupportReportQuery, SupportVolumeQuery, TicketVolumeQuery } from '../../contracts/insights.ts';
import {
  OutcomesQuery as OutcomesQuerySchema,
  SupportReportQuery as SupportReportQuerySchema,
  SupportVolumeQuery as SupportVolumeQuerySchema,
  TicketVolumeQuery as TicketVolumeQuerySchema,
} from '../../contracts/insights.ts';
import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.ts';
import type { DbOrTx } from '../platform/db.ts';
import type { MailService } from '../platform/mail/service.ts';
import { rollUpActivity, scheduleActivityRollup } from './activity-rollup.ts';
import { recordCloses } from './closes.ts';
import { scheduleFacts, sweepWorkspace } from './facts.ts';
import { supportReportCsv, ticketVolumeCsv } from './csv.ts';
import { createDigest } from './digest.ts';
import { recountOpenWeeks, scheduleOpenWeeks } from './open-weeks.ts';
import { customerOutcomes } from './outcomes.ts';
import { supportReport } from './support.ts';
import { createTtfv } from './ttfv-service.ts';
import { ticketVolume } from './ticket-volume.ts';
import { supportVolume } from './volume.ts';

/** Insights: reports over what the other modules recorded, computed in the database. */
export function createInsightsService(ctx: Ctx, deps: { mail: MailService }) {
  recordCloses(ctx);
  /**
   * Report statements are estimated expensive enough for PostgreSQL's JIT, whose compilation took
   * seconds on a busy 2-core machine while the query itself takes milliseconds: reports run without it.
   */
  const read = <T>(fn: (db: DbOrTx) => Promise<T>): Promise<T> =>
    ctx.database.driver === 'postgres'
      ? ctx.db.transaction(async (tx) => {
          await tx.execute(sql`set local jit = off`);
          return fn(tx);
        })
      : fn(ctx.db);
  /** The facts jobs' writes: one transaction, so a sweep's advisory lock holds until it commits. */
  const write = <T>(fn: (db: DbOrTx) => Promise<T>): Promise<T> =>
    ctx.db.transaction(async (tx) => {
      if (ctx.database.driver === 'postgres') await tx.execute(sql`set local jit = off`);
      return fn(tx);
    });
  const digest = createDigest(ctx, deps.mail, read);
  const facts = scheduleFacts(ctx, write);
  const rollUpAll = scheduleActivityRollup(ctx, read);
  const recountAllOpenWeeks = scheduleOpenWeeks(ctx, write);
  const support = (ws: string, query: SupportReportQuery) => read((db) => supportReport(db, ws, SupportReportQuerySchema.parse(query)));
  const tickets = (ws: string, query: TicketVolumeQuery) => read((db) => ticketVolume(db, ws, TicketVolumeQuerySchema.parse(query)));
  return {
    support,
    supportCsv: async (ws: string, query: SupportReportQuery) => supportReportCsv(await support(ws, query)),
    volume: (ws: string, query: SupportVolumeQuery) => read((db) => supportVolume(db, ws, SupportVolumeQuerySchema.parse(query))),
    outcomes: (ws: string, query: OutcomesQuery) => read((db) => customerOutcomes(db, ws, OutcomesQuerySchema.parse(query))),
    ticketVolume: tickets,
    /** The daily rollup of active customers per week, for one workspace or (the job) all of them. */
    rollUpActivity: (ws: string, now?: Date) => read((db) => rollUpActivity(db, ws, now)),
    rollUpAll,
    /** The companies active in the weeks the rollup does not hold yet, for one workspace or (the job) all. */
    recountOpenWeeks: (ws: string) => write((db) => recountOpenWeeks(db, ws)),
    recountAllOpenWeeks,
    /**
     * The conversation facts the support reports read: the sweep job over every workspace, a
     * request for it, and one workspace's sweep (`full` rebuilds it, as after data was changed
     * behind the application's back).
     */
    facts: { ...facts, sweep: (ws: string, opts?: { full?: boolean }) => write((db) => sweepWorkspace(db, ws, opts)) },
    ticketVolumeCsv: async (ws: string, query: TicketVolumeQuery) => ticketVolumeCsv(await tickets(ws, query)),
    digest,
    ttfv: createTtfv(ctx, read),
  };
}

export type InsightsService = ReturnType<typeof createInsightsService>;
