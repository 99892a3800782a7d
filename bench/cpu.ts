import fs from 'node:fs';
import type { BenchBaton } from './lib.ts';

/** Linux reports process times in clock ticks; USER_HZ is 100 on every architecture Node runs on. */
const TICK_MS = 10;

/** CPU time (ms) a process has used so far, or null where /proc cannot tell (not Linux, another host). */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/**
 * CPU used by the database server's backends serving this bench's database: PostgreSQL's
 * shared processes (WAL writer, checkpointer) are left out, as they also serve other
 * databases. Null when the server is not on this machine; undefined for PGlite, which runs
 * inside the server process and is counted there.
 */
async function databaseCpuMs(b: BenchBaton): Promise<Map<number, number> | null | undefined> {
  if (b.driver === 'pglite') return undefined;
  const { rows } = await b.database.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    const ms = processCpuMs(pid);
    if (ms === null) return null;
    out.set(pid, ms);
  }
  return out;
}

export interface CpuSplit {
  /** µs of CPU per stored event in each part; null where it could not be measured. */
  server_us_per_event: number;
  database_us_per_event: number | null | undefined;
}

/** Starts measuring the server process's and the database backends' CPU; `stop` gives µs per event. */
export async function cpuMeter(b: BenchBaton) {
  const server = process.cpuUsage();
  const db = await databaseCpuMs(b);
  return {
    async stop(events: number): Promise<CpuSplit> {
      const used = process.cpuUsage(server);
      const dbNow = await databaseCpuMs(b);
      let database: number | null | undefined = dbNow === undefined ? undefined : null;
      if (dbNow && db) {
        // A backend that started during the phase counts from its start.
        let ms = 0;
        for (const [pid, now] of dbNow) ms += now - (db.get(pid) ?? 0);
        database = (ms * 1000) / events;
      }
      return { server_us_per_event: (used.user + used.system) / events, database_us_per_event: database };
    },
  };
}
