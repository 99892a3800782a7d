import type { Logger } from 'pino';
import type { Bus, DomainEvent } from './bus.ts';
import type { Config } from './config.ts';
import type { Database, Db } from './db.ts';
import type { Jobs } from './jobs.ts';
import { newId } from './ids.ts';

/** What every service is built from. One per process; tests build their own. */
export interface Ctx {
  config: Config;
  database: Database;
  db: Db;
  bus: Bus;
  jobs: Jobs;
  log: Logger;
}

export function domainEvent<T extends Record<string, unknown>>(
  type: string,
  workspaceId: string,
  data: T,
): DomainEvent<T> {
  return { id: newId(), type, workspaceId, at: new Date().toISOString(), data };
}
