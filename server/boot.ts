import pino, { type Logger } from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createBus } from './platform/bus.ts';
import type { Config } from './platform/config.ts';
import type { Ctx } from './platform/context.ts';
import { openDatabase, type Database } from './platform/db.ts';
import { createJobs } from './platform/jobs.ts';
import { loggerOptions } from './platform/logger.ts';
import { createServices, type Services } from './services.ts';
import path from 'node:path';

export interface Baton {
  ctx: Ctx;
  services: Services;
  app: FastifyInstance;
  /** Stops taking requests, lets in-flight requests and jobs finish, then closes connections. */
  close(): Promise<void>;
}

export interface BootOptions {
  /** Use this already-open database instead of opening one from the config (tests). */
  database?: Database;
  /** Skip starting job workers even when the config's roles include `worker`. */
  work?: boolean;
}

/** The configured database, migrated: PostgreSQL with DATABASE_URL, else PGlite under DATA_DIR. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: path.join(config.dataDir, 'pglite') });
  await database.migrate();
  return database;
}

/** The platform context and every service, without HTTP or started job workers (also used by the CLI). */
export function createContext(config: Config, database: Database, log: Logger): { ctx: Ctx; services: Services } {
  const bus = createBus(log, config.REDIS_URL ? { url: config.REDIS_URL, prefix: config.REDIS_PREFIX } : undefined);
  const jobs = createJobs(database, log);
  const ctx: Ctx = { config, database, db: database.db, bus, jobs, log };
  return { ctx, services: createServices(ctx) };
}

export async function boot(config: Config, opts: BootOptions = {}): Promise<Baton> {
  const log = pino(loggerOptions(config.LOG_LEVEL));
  const database = opts.database ?? (await openConfiguredDatabase(config));
  const { ctx, services } = createContext(config, database, log);
  const { bus, jobs } = ctx;
  let ready = false;
  const app = await buildApp({ ctx, services, ready: () => ready });
  await jobs.start({ work: opts.work ?? config.roles.has('worker') });
  ready = true;

  let closing: Promise<void> | undefined;
  return {
    ctx,
    services,
    app,
    close: () =>
      (closing ??= (async () => {
        ready = false;
        await app.close();
        await services.campaigns.decisionsSettled();
        await bus.drain();
        await jobs.stop();
        await bus.close();
        if (!opts.database) await database.close();
      })()),
  };
}
